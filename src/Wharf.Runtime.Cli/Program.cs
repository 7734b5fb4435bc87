Console.Error.WriteLine("wharf-runtime: not built yet");
return 1;
