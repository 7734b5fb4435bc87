Console.Error.WriteLine("wharfd: not built yet");
return 1;
