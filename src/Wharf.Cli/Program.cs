using Wharf.Cli;

return await CliApp.RunAsync(args, Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError());
