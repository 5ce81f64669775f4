/// A lexical token with its 1-based source position.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case number(Double)
        case name(String)
        case plus, minus, star, slash, caret
        case leftParen, rightParen, leftBracket, rightBracket, comma, equals
        /// `'` after a state on the left of `=`: its time derivative (`x' = v`).
        case prime
        /// `;` or a newline outside parentheses.
        case separator
        case end
    }

    let kind: Kind
    let line: Int
    let column: Int
    /// The text as written (for diagnostics).
    let text: String
}

/// Splits equation source into tokens: numbers (`3`, `2.5`, `.5`, `1e-3`), names
/// (`[A-Za-z_][A-Za-z0-9_]*`), `+ - * / ^` (`**` is read as `^`), parentheses, brackets, `,`, `=`, `'`, and
/// separators (`;`, newline). `#` starts a comment to the end of the line. Newlines inside
/// parentheses are ignored, so a long expression may span lines inside `( … )`.
enum Lexer {
    static func tokens(_ source: String) throws(EquationError) -> [Token] {
        let chars = Array(source)
        var tokens: [Token] = []
        var i = 0, line = 1, lineStart = 0, depth = 0
        func column(_ index: Int) -> Int { index - lineStart + 1 }
        while i < chars.count {
            let c = chars[i]
            let col = column(i)
            func emit(_ kind: Token.Kind, _ length: Int) {
                tokens.append(Token(kind: kind, line: line, column: col, text: String(chars[i..<(i + length)])))
                i += length
            }
            switch c {
            case " ", "\t", "\r": i += 1
            case "\n":
                if depth == 0 { tokens.append(Token(kind: .separator, line: line, column: col, text: "newline")) }
                i += 1; line += 1; lineStart = i
            case "#":
                while i < chars.count, chars[i] != "\n" { i += 1 }
            case ";": emit(.separator, 1)
            case "+": emit(.plus, 1)
            case "-": emit(.minus, 1)
            case "*":
                if i + 1 < chars.count, chars[i + 1] == "*" { emit(.caret, 2) } else { emit(.star, 1) }
            case "/": emit(.slash, 1)
            case "^": emit(.caret, 1)
            case "(": depth += 1; emit(.leftParen, 1)
            case ")": depth = max(0, depth - 1); emit(.rightParen, 1)
            case "[": emit(.leftBracket, 1)
            case "]": emit(.rightBracket, 1)
            case ",": emit(.comma, 1)
            case "=": emit(.equals, 1)
            case "'": emit(.prime, 1)
            default:
                if c.isASCII, c.isLetter || c == "_" {
                    var j = i
                    while j < chars.count, chars[j].isASCII, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                    let text = String(chars[i..<j])
                    emit(.name(text), j - i)
                } else if c.isASCII, c.isNumber || c == "." {
                    let length = numberLength(chars, from: i)
                    let text = String(chars[i..<(i + length)])
                    guard let value = Double(text), value.isFinite else {
                        throw EquationError(.badNumber(text), line: line, column: col)
                    }
                    emit(.number(value), length)
                } else {
                    throw EquationError(.badCharacter(c), line: line, column: col)
                }
            }
        }
        tokens.append(Token(kind: .end, line: line, column: column(i), text: "end of input"))
        return tokens
    }

    /// Length of the longest number-like run at `start`: digits, one `.`, an exponent with sign
    /// (a malformed run such as `1e` or `1.2.3` is then rejected by `Double(_:)`).
    private static func numberLength(_ chars: [Character], from start: Int) -> Int {
        var j = start
        func isDigit(_ k: Int) -> Bool { k < chars.count && chars[k].isASCII && chars[k].isNumber }
        while isDigit(j) || (j < chars.count && chars[j] == ".") { j += 1 }
        if j < chars.count, chars[j] == "e" || chars[j] == "E" {
            j += 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            while isDigit(j) { j += 1 }
        }
        // A name glued to a number (`2x`) is malformed too.
        while j < chars.count, chars[j].isASCII, chars[j].isLetter || chars[j] == "_" { j += 1 }
        return j - start
    }
}
