// AureonConsole
