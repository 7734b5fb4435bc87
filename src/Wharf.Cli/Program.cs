using Wharf.Cli;
using Wharf.Cli.Terminal;

return await CliApp.RunAsync(args, new FdStream(0, readable: true), new FdStream(1, readable: false), new FdStream(2, readable: false));
