// AureonEngine
