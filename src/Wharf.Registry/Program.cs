Console.Error.WriteLine("wharf-registry: not built yet");
return 1;
