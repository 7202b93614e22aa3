/// Notes that record an editorial reading of the guideline name the digest's ambiguity ids.
public enum EditorialNote {
    /// The `AMB-nn`, `AMB` and `CONFLICT [nn]` ids a note names, in order.
    public static func ids(in note: String) -> [String] {
        let words = note.split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init)
        var ids: [String] = []
        for (offset, word) in words.enumerated() {
            if word == "AMB" || (word.count > 4 && word.hasPrefix("AMB-") && word.dropFirst(4).allSatisfy(\.isNumber)) {
                ids.append(word)
            } else if word == "CONFLICT" {
                let number = offset + 1 < words.count && words[offset + 1].allSatisfy(\.isNumber) ? " " + words[offset + 1] : ""
                ids.append(word + number)
            }
        }
        return ids
    }
}
