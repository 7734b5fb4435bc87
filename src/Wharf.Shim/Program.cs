Console.Error.WriteLine("wharf-shim: not built yet");
return 1;
