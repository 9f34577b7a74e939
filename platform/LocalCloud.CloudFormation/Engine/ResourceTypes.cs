namespace LocalCloud.CloudFormation.Engine;

/// <summary>Which resource type names CloudFormation recognises: <c>AWS::&lt;service&gt;::&lt;resource&gt;</c> of an AWS
/// service namespace, custom resources, and the Alexa skill type. Recognised types without a provider fail when the
/// resource is created; unrecognised ones fail the template.</summary>
internal static class ResourceTypes
{
    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal)
    {
        "AccessAnalyzer", "ACMPCA", "Amplify", "AmplifyUIBuilder", "ApiGateway", "ApiGatewayV2", "AppConfig", "AppFlow",
        "AppIntegrations", "ApplicationAutoScaling", "ApplicationInsights", "AppMesh", "AppRunner", "AppStream", "AppSync", "APS",
        "Athena", "AuditManager", "AutoScaling", "AutoScalingPlans", "Backup", "Batch", "Bedrock", "Budgets", "CertificateManager",
        "Chatbot", "Cloud9", "CloudFormation", "CloudFront", "CloudTrail", "CloudWatch", "CodeArtifact", "CodeBuild", "CodeCommit",
        "CodeConnections", "CodeDeploy", "CodeGuruProfiler", "CodeGuruReviewer", "CodePipeline", "CodeStar", "CodeStarConnections",
        "CodeStarNotifications", "Cognito", "Comprehend", "Config", "Connect", "DataBrew", "DataPipeline", "DataSync", "DataZone",
        "DAX", "Detective", "DevOpsGuru", "DirectoryService", "DLM", "DMS", "DocDB", "DocDBElastic", "DynamoDB", "EC2", "ECR",
        "ECS", "EFS", "EKS", "ElastiCache", "ElasticBeanstalk", "ElasticLoadBalancing", "ElasticLoadBalancingV2", "Elasticsearch",
        "EMR", "EMRContainers", "EMRServerless", "EntityResolution", "Events", "EventSchemas", "Evidently", "FinSpace", "FIS",
        "FMS", "Forecast", "FraudDetector", "FSx", "GameLift", "GlobalAccelerator", "Glue", "Grafana", "GreengrassV2",
        "GroundStation", "GuardDuty", "HealthLake", "IAM", "IdentityStore", "ImageBuilder", "Inspector", "InspectorV2",
        "InternetMonitor", "IoT", "IoTAnalytics", "IoTEvents", "IoTFleetWise", "IoTSiteWise", "IoTTwinMaker", "IoTWireless",
        "IVS", "KafkaConnect", "Kendra", "Kinesis", "KinesisAnalytics", "KinesisAnalyticsV2", "KinesisFirehose", "KinesisVideo",
        "KMS", "LakeFormation", "Lambda", "Lex", "LicenseManager", "Lightsail", "Location", "Logs", "LookoutMetrics",
        "LookoutVision", "M2", "Macie", "MediaConnect", "MediaConvert", "MediaLive", "MediaPackage", "MediaPackageV2",
        "MediaStore", "MediaTailor", "MemoryDB", "MSK", "MWAA", "Neptune", "NeptuneGraph", "NetworkFirewall", "NetworkManager",
        "Oam", "Omics", "OpenSearchServerless", "OpenSearchService", "OpsWorks", "Organizations", "OSIS", "Panorama",
        "PaymentCryptography", "Personalize", "Pinpoint", "PinpointEmail", "Pipes", "Proton", "QBusiness", "QLDB", "QuickSight",
        "RAM", "RDS", "Redshift", "RedshiftServerless", "RefactorSpaces", "Rekognition", "ResilienceHub", "ResourceExplorer2",
        "ResourceGroups", "RoboMaker", "RolesAnywhere", "Route53", "Route53RecoveryControl", "Route53RecoveryReadiness",
        "Route53Resolver", "RUM", "S3", "S3Express", "S3ObjectLambda", "S3Outposts", "SageMaker", "Scheduler", "SDB",
        "SecretsManager", "SecurityHub", "SecurityLake", "Serverless", "ServiceCatalog", "ServiceCatalogAppRegistry",
        "ServiceDiscovery", "SES", "Shield", "Signer", "SimSpaceWeaver", "SNS", "SQS", "SSM", "SSMContacts", "SSMIncidents",
        "SSO", "StepFunctions", "SupportApp", "Synthetics", "SystemsManagerSAP", "Timestream", "Transfer", "VerifiedPermissions",
        "VoiceID", "VpcLattice", "WAF", "WAFRegional", "WAFv2", "Wisdom", "WorkSpaces", "WorkSpacesWeb", "XRay",
    };

    public static bool IsRecognized(string type)
    {
        if (type.StartsWith("Custom::", StringComparison.Ordinal) && type.Length > 8)
        {
            return true;
        }

        if (type == "Alexa::ASK::Skill")
        {
            return true;
        }

        var parts = type.Split("::");
        return parts.Length == 3 && parts[0] == "AWS" && Namespaces.Contains(parts[1]) && parts[2].Length > 0
            && parts[2].All(char.IsAsciiLetterOrDigit);
    }

    public static bool IsCustom(string type) => type.StartsWith("Custom::", StringComparison.Ordinal) || type == "AWS::CloudFormation::CustomResource";
}
