import Foundation

/// `file://` URIs to paths and back, percent-encoding as VS Code does (it encodes `:` in a
/// drive letter and spaces; clients differ, so decoding accepts any escape).
enum FileURI {
    static func path(_ uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = uri.dropFirst("file://".count)
        // `file://host/path`: only the local host is ours.
        if !rest.hasPrefix("/") {
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = rest[slash...]
        }
        return String(rest).removingPercentEncoding.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "/-._~")
        return set
    }()

    static func uri(_ path: String) -> String {
        "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }
}
