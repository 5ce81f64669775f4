import ArgumentParser
import Foundation

/// The `orrery` executable's entry point: parse, run, and report every failure the same way.
///
/// swift-argument-parser reports bad arguments with three lines (error, usage, a pointer
/// to `--help`) and exit status 64; Orrery's own errors are one line and status 1. Here
/// both are one line on stderr (`orrery: error: …`, naming the flag and `--help`) and
/// status 1; `--help` and `--version` keep status 0.
public enum CommandLineEntry {
    /// Runs `orrery` with `arguments` (default: the process's own) and exits.
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        let arguments = joiningNegativeValues(arguments)
        do {
            var command = try OrreryCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            if OrreryCommand.exitCode(for: error) == .success { OrreryCommand.exit(withError: error) }
            FileHandle.standardError.write(Data("orrery: error: \(oneLine(CLIRemedies.translate(OrreryCommand.message(for: error))))\n".utf8))
            exit(1)
        }
    }

    /// `--count -1` → `--count=-1`: a negative number after a long option is its value,
    /// so the command's own check can say what is wrong with it (instead of "Missing value").
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            if token == "--" { result += arguments[index...]; break }
            if token.hasPrefix("--"), !token.contains("="), index + 1 < arguments.count, isNegativeNumber(arguments[index + 1]) {
                result.append(token + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(token)
            index += 1
        }
        return result
    }

    private static func isNegativeNumber(_ token: String) -> Bool {
        guard token.hasPrefix("-"), token.count > 1 else { return false }
        let rest = token.dropFirst()
        return Double(rest) != nil || rest.lowercased() == "inf" || rest.first.map { $0.isNumber || $0 == "." } == true
    }

    /// Collapses a multi-line message into one line.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
