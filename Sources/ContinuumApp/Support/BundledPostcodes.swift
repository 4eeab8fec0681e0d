import ContinuumDomain

/// The bundled ONS postcode centroids (ONSPD, OGL), parsed once per process. The planning page and the
/// demo seeder both read them; neither reaches into the other for it.
enum BundledPostcodes {
    static let directory = Result { try PostcodeDirectory.loadBundled() }
}
