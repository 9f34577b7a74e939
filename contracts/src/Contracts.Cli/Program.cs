return await Contracts.Cli.ContractCli.RunAsync(args, Contracts.Cli.CliConsole.System);
