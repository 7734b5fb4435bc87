using System.Net.Sockets;
using Wharf.Shim;

// wharf-shim run …: the parent of one container (see ShimOptions).
if (args.Length == 0 || args[0] != "run")
{
    Console.Error.WriteLine("usage: wharf-shim run --id ID --bundle DIR --runtime PATH --socket PATH --exit-file PATH --log PATH [--tty] [--stdin] [--stdin-once] [--await-bundle]");
    return 2;
}
bool awaitBundle = args.Contains("--await-bundle");
ShimOptions options;
try { options = ShimOptions.Parse(args[1..], complete: !awaitBundle); }
catch (ArgumentException e) { Console.Error.WriteLine("wharf-shim: " + e.Message); return 2; }

// Our own session and process group, so the daemon's terminal and signals do not reach us; and the subreaper bit,
// so the container's init becomes our child when the runtime's create process exits.
ShimNative.setsid();
ShimNative.prctl(ShimNative.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
if (awaitBundle)
{
    // A spare shim learns its container here, with the word "create"; until then it gets ready for it.
    SpareWarmUp.Run();
    if (BundleGate.Wait() is not { } more)
        return 1; // wharfd called the container off before the bundle was complete
    try { options = ShimOptions.Parse([.. args[1..], .. more], complete: true); }
    catch (ArgumentException e) { Console.Out.WriteLine("error " + e.Message); Console.Out.Flush(); return 2; }
}
ShimProcess.RedirectStdio(stdinAndStderrOnly: true, Path.Combine(options.Bundle, "shim.log"));
// Console's writers dup fds 1 and 2 when first used: make them now, before an in-process spawn lends 0-2 to a child.
_ = Console.Out;
_ = Console.Error;

var container = new ContainerSupervisor(options);
try
{
    await container.CreateAsync();
}
catch (Exception e)
{
    Console.Out.WriteLine("error " + e.Message.Replace('\n', ' '));
    Console.Out.Flush();
    return 1;
}

File.Delete(options.Socket);
using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
listener.Bind(new UnixDomainSocketEndPoint(options.Socket));
listener.Listen(64);
var stop = new CancellationTokenSource();
var server = new ShimServer(container, listener);
_ = server.RunAsync(stop.Token);

// Tell wharfd we are ready, then let go of the pipe it reads.
Console.Out.WriteLine("ok " + container.Pid);
Console.Out.Flush();
ShimProcess.RedirectStdio(stdinAndStderrOnly: false, null);

int exitCode = await container.Exited;
await container.FinishAsync(exitCode);
// Give a waiting daemon a moment to collect the status over the socket before it disappears.
await Task.Delay(200);
stop.Cancel();
try { File.Delete(options.Socket); }
catch (DirectoryNotFoundException) { } // the container was removed, its bundle with it
return 0;
