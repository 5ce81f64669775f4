/// The toolkit's version, written into every result file (datasets, fits, experiment reports).
public enum OrreryVersion {
    public static let string = "0.1.0"
}
