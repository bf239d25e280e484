import PostgresNIO

/// The logger live mode hands postgres-nio: errors only, since our own messages say what
/// happened in one line and the driver's debug chatter would bury them.
public enum LiveLog {
    public static let quiet: Logger = {
        var logger = Logger(label: "aureon.live")
        logger.logLevel = .error
        return logger
    }()
}
