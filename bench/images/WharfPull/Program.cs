// wharf-pull: drives the image library without a daemon, for the benchmark and for crash tests.
//   wharf-pull pull DATA_ROOT REFERENCE [--quiet]   pull into the store at DATA_ROOT; prints seconds taken
//   wharf-pull push DATA_ROOT REFERENCE             push a stored image
//   wharf-pull import DATA_ROOT TAR REFERENCE       import a rootfs tar
//   wharf-pull save DATA_ROOT REFERENCE TAR         docker save into a file
//   wharf-pull load DATA_ROOT TAR                   docker load from a file
using System.Diagnostics;
using System.Text.Json;
using Wharf.Distribution;
using Wharf.Images;
using Wharf.Images.Progress;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: wharf-pull pull|push DATA_ROOT REFERENCE | import DATA_ROOT TAR REFERENCE | save DATA_ROOT REFERENCE TAR | load DATA_ROOT TAR");
    return 2;
}
bool quiet = args.Contains("--quiet");
void Print(JsonMessage m)
{
    if (!quiet) Console.WriteLine(JsonSerializer.Serialize(m, JsonMessageJson.Default.JsonMessage));
}
var store = LocalImageStore.Open(args[1]);
using var service = new ImageService(store);
var clock = Stopwatch.StartNew();
try
{
    switch (args[0])
    {
        case "pull": await service.PullAsync(args[2], null, null, Print, CancellationToken.None); break;
        case "push": await service.PushAsync(args[2], null, Print, CancellationToken.None); break;
        case "import":
            await using (var tar = File.OpenRead(args[2])) await store.ImportAsync(tar, args[3], null, null, CancellationToken.None);
            break;
        case "save":
            await using (var tar = File.Create(args[3])) await store.SaveAsync([args[2]], tar, CancellationToken.None);
            break;
        case "load":
            await using (var tar = File.OpenRead(args[2])) await store.LoadAsync(tar, Print, CancellationToken.None);
            break;
        default: Console.Error.WriteLine($"unknown command {args[0]}"); return 2;
    }
}
catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or NotSupportedException or KeyNotFoundException)
{
    Console.Error.WriteLine("Error: " + e.Message);
    return 1;
}
Console.Error.WriteLine($"{args[0]} took {clock.Elapsed.TotalSeconds:F3} s");
return 0;
