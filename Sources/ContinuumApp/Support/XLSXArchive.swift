import Foundation
import ZIPFoundation
import ContinuumDomain

/// Zips a workbook's parts into an .xlsx file in memory. Entries carry a fixed date (the zip format's
/// earliest, 1 January 1980), so the same figures always give the same bytes.
enum XLSXArchive {
    static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    static func data(_ workbook: XLSXWorkbook) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let epoch = Date(timeIntervalSince1970: 315_532_800)
        for part in workbook.parts() {
            let bytes = part.data
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: epoch,
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw XLSXArchiveError.notWritten }
        return data
    }
}

enum XLSXArchiveError: Error { case notWritten }
