import Foundation
import Testing
@testable import NenRule

/// Keeps Grammar/nenrule.tmLanguage.json in step with Grammar/nenrule.ebnf and the lexer: the
/// same keywords and strength words everywhere, and the same ones found in every bundled file.
@Suite("TextMate grammar in sync")
struct GrammarSyncTests {
    static let grammarDirectory = Fixtures.repositoryRoot.appendingPathComponent("Grammar")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: grammarDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The VS Code extension ships a copy of the grammar (an extension cannot point outside its
    /// folder): it must be the same bytes.
    @Test func theEditorExtensionCarriesTheSameGrammar() throws {
        let copy = Fixtures.repositoryRoot.appendingPathComponent("Editors/vscode/syntaxes/nenrule.tmLanguage.json")
        #expect(try Data(contentsOf: copy) == Data(contentsOf: Self.grammarDirectory.appendingPathComponent("nenrule.tmLanguage.json")),
                "Editors/vscode/syntaxes/nenrule.tmLanguage.json differs from Grammar/: copy it again")
    }

    /// The quoted words of EBNF rule `name` (`name = "a" | "b" ... ;`).
    static func ebnfWords(_ rule: String) throws -> Set<String> {
        let ebnf = try text("nenrule.ebnf")
        let start = try #require(ebnf.range(of: "\n" + rule + "\\s*=", options: .regularExpression), "no EBNF rule `\(rule)`")
        let body = ebnf[start.upperBound...].prefix { $0 != ";" }
        return Set(matches(of: #""([^"]+)""#, in: String(body)))
    }

    /// The tmLanguage's repository entry `name` as its list of `match` regexes.
    static func tmMatches(_ name: String) throws -> [String] {
        let json = try JSONReader.parse(Array(try text("nenrule.tmLanguage.json").utf8)).get()
        guard case .object(let top) = json, case .object(let repository)? = top.first(where: { $0.key == "repository" })?.value,
              case .object(let entry)? = repository.first(where: { $0.key == name })?.value,
              case .array(let patterns)? = entry.first(where: { $0.key == "patterns" })?.value else {
            Issue.record("no repository entry `\(name)` with patterns")
            return []
        }
        return patterns.compactMap { pattern in
            guard case .object(let fields) = pattern, case .string(let match)? = fields.first(where: { $0.key == "match" })?.value else { return nil }
            return match
        }
    }

    /// The words of the alternation groups (`(?:a|b)` or `(a|b)`) in TextMate regexes.
    static func alternationWords(_ regexes: [String]) -> Set<String> {
        var words: Set<String> = []
        for regex in regexes {
            for group in matches(of: #"\((?:\?:)?([A-Za-z_|]+)\)"#, in: regex) {
                words.formUnion(group.split(separator: "|").map(String.init))
            }
        }
        return words
    }

    /// First capture group of every match.
    static func matches(of pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
    }

    @Test func keywordsAgreeAcrossEBNFTextMateAndLexer() throws {
        let ebnf = try Self.ebnfWords("keyword")
        let textMate = Self.alternationWords(try Self.tmMatches("keywords"))
        #expect(ebnf.count > 30)
        #expect(ebnf == reservedWords, "EBNF vs lexer: \(ebnf.symmetricDifference(reservedWords).sorted())")
        #expect(textMate == reservedWords, "TextMate vs lexer: \(textMate.symmetricDifference(reservedWords).sorted())")
    }

    @Test func strengthWordsAgreeAcrossEBNFTextMateAndLexer() throws {
        let ebnf = try Self.ebnfWords("strength")
        let textMate = Self.alternationWords(try Self.tmMatches("strengths"))
        #expect(ebnf == Set(strengthWords))
        #expect(textMate == Set(strengthWords))
    }

    /// Every bundled rule file: the keywords and strengths the lexer finds (strengths where the
    /// parser reads them: after `=>` or `,`, before an outcome name) equal those the TextMate
    /// patterns find, occurrence for occurrence.
    @Test func bundledFilesTokeniseAlikeWithLexerAndTextMate() throws {
        let tokenizer = try TextMateTokenizer()
        let entries = FileManager.default.enumerator(atPath: Fixtures.guidelines)?.compactMap { $0 as? String } ?? []
        let files = entries.filter { $0.hasSuffix(".nenrule") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            let path = (Fixtures.guidelines as NSString).appendingPathComponent(file)
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let lexed = Self.lexedWords(SourceFile(path: path, text: source))
            let matched = tokenizer.words(in: source)
            let onlyLexer = Self.removing(matched, from: lexed), onlyTextMate = Self.removing(lexed, from: matched)
            #expect(!lexed.isEmpty && onlyLexer.isEmpty && onlyTextMate.isEmpty,
                    "\(file): only the lexer found \(onlyLexer), only TextMate found \(onlyTextMate)")
        }
    }

    /// Multiset difference: `words` less one occurrence for each of `other`.
    static func removing(_ other: [String], from words: [String]) -> [String] {
        var remaining = words
        for word in other { if let index = remaining.firstIndex(of: word) { remaining.remove(at: index) } }
        return remaining
    }

    /// Keywords, and strength words in result position, as `kind:word`.
    static func lexedWords(_ source: SourceFile) -> [String] {
        let tokens = Lexer.tokenize(source, file: 0).tokens
        var words: [String] = []
        for (index, token) in tokens.enumerated() where token.kind == .identifier {
            if reservedWords.contains(token.text) { words.append("keyword:" + token.text) }
            let afterResultStart = index > 0 && [.arrow, .comma].contains(tokens[index - 1].kind)
            let beforeOutcome = index + 1 < tokens.count && tokens[index + 1].kind == .identifier && !reservedWords.contains(tokens[index + 1].text)
            if strengthWords.contains(token.text), afterResultStart, beforeOutcome { words.append("strength:" + token.text) }
        }
        return words
    }
}

/// A regex tokenizer driven by the tmLanguage: comments and strings (so words inside them are
/// skipped), then its keyword and strength patterns, then any other word.
struct TextMateTokenizer {
    let regex: NSRegularExpression
    let keywordGroups: Int

    init() throws {
        let comment = try GrammarSyncTests.tmMatches("comments")
        let keywords = try GrammarSyncTests.tmMatches("keywords")
        let strengths = try GrammarSyncTests.tmMatches("strengths")
        // A string is the tmLanguage's `"` … `"` with its escape pattern.
        let string = #""(?:\\.|[^"\\])*""#
        let alternatives = ["(?:" + comment.joined(separator: "|") + ")", string] + keywords.map { "(" + $0 + ")" }
            + strengths + [#"[A-Za-z_][A-Za-z0-9_]*"#]
        regex = try NSRegularExpression(pattern: alternatives.joined(separator: "|"), options: [.anchorsMatchLines])
        keywordGroups = keywords.count
    }

    /// `keyword:…` and `strength:…` for every match of those patterns.
    func words(in text: String) -> [String] {
        regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            for group in 1..<match.numberOfRanges {
                guard let range = Range(match.range(at: group), in: text) else { continue }
                return (group <= keywordGroups ? "keyword:" : "strength:") + text[range]
            }
            return nil
        }
    }
}
