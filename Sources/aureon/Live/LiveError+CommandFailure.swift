import AureonPostgres

/// Live mode's errors carry their own exit status: 2 for bad input (a bad URL, a database that
/// cannot be reached), 3 for I/O.
extension LiveError: CommandFailure {}
