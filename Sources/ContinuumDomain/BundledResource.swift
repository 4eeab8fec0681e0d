import Foundation

/// Reads files from the `Resources` folder that Package.swift copies into the bundle.
enum BundledResource {
    static func data(_ fileName: String) throws -> Data {
        let name = (fileName as NSString).deletingPathExtension
        let ext = (fileName as NSString).pathExtension
        // `.copy("Resources")` keeps the folder, so look inside it first.
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources")
            ?? Bundle.module.url(forResource: name, withExtension: ext)
        else { throw BundledDataError.missingResource(fileName) }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw BundledDataError.missingResource(fileName)
        }
    }
}
