using LocalCloud.Cli;

return await LocalCloudCli.RunAsync(args);
