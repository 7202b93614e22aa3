import Foundation

/// Writes a file so that readers see the old content or the new, never a half-written one:
/// the bytes go to a temporary file in the same directory, which is then renamed over the target.
struct AtomicFile {
    let path: String
    let temporaryPath: String
    let descriptor: Int32

    init?(path: String) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        temporaryPath = (directory.isEmpty ? "." : directory) + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { return nil }
    }

    /// Writes all bytes; false on an I/O error.
    func write(_ bytes: [UInt8]) -> Bool { writeAll(descriptor, bytes) }
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool { writeAll(descriptor, bytes) }

    /// Flushes, closes and renames into place.
    func commit() -> Bool {
        let synced = fsync(descriptor) == 0
        close(descriptor)
        return synced && rename(temporaryPath, path) == 0
    }

    /// Closes and removes the temporary file, leaving the target untouched.
    func abandon() {
        close(descriptor)
        unlink(temporaryPath)
    }

    /// Replaces `path` with `bytes` atomically.
    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        guard let file = AtomicFile(path: path) else { return false }
        guard file.write(bytes) else { file.abandon(); return false }
        return file.commit()
    }
}

/// Writes every byte to a file descriptor, retrying short writes.
func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { writeAll(descriptor, $0) }
}

func writeAll(_ descriptor: Int32, _ raw: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < raw.count {
        let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += written
    }
    return true
}
