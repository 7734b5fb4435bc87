Console.Error.WriteLine("wharf: not built yet");
return 1;
