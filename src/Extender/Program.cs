using Extender.Commands;

return await Cli.InvokeAsync(args);
