import ArgumentParser
import Foundation

/// Prints one clear line on stderr and exits with status 1.
///
/// Every command reports bad input this way: the message names the problem
/// and, where there is one, the flag to change. Never a trap or a stack dump.
/// `translating: false` prints the message as it is (`orrery reproduce`, whose library knobs are no flags).
func fail(_ message: String, translating: Bool = true) -> ExitCode {
    let line = translating ? CLIRemedies.translate(message).split(whereSeparator: \.isNewline).joined(separator: "; ") : message
    FileHandle.standardError.write(Data("orrery: error: \(line)\n".utf8))
    return ExitCode.failure
}

/// Runs `body`, turning any thrown error into one line on stderr and exit status 1.
func reportingErrors<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw fail(String(describing: error))
    }
}

/// Writes `value` as pretty, key-sorted JSON on stdout (`orrery reproduce` keeps JSONEncoder's `\/`).
func printJSON(_ value: some Encodable, escapingSlashes: Bool = false) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = escapingSlashes ? [.prettyPrinted, .sortedKeys] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// Runs `body` in a command's `validate()`: a library error becomes a `ValidationError` in the
/// command line's words (library knobs replaced by their flags).
func flagged<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let error as ValidationError {
        throw error
    } catch {
        throw ValidationError(CLIRemedies.translate(String(describing: error)))
    }
}
