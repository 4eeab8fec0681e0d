import Plot

/// Every page is built from these nodes. Plot escapes text but writes attribute values verbatim,
/// so this is the one place attributes are built, and every value passes through `Escape.attribute`.
public typealias HTMLNode = Node<HTML.BodyContext>

public enum Escape {
    /// Escapes all five characters that can end or change an attribute value.
    public static func attribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for ch in value.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Text content: Plot keeps sequences that look like entities, so escape `&` ourselves first.
    public static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for ch in value.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// An attribute; `nil` values are left out, so optional attributes read naturally at call sites.
public struct Attr: Sendable {
    public let name: String
    public let value: String?
    public let isFlag: Bool
    public init(_ name: String, _ value: String?) { self.name = name; self.value = value; self.isFlag = false }
    private init(flag name: String, on: Bool) { self.name = name; self.value = on ? "" : nil; self.isFlag = true }
    public static func flag(_ name: String, _ on: Bool = true) -> Attr { Attr(flag: name, on: on) }
    public static func cls(_ value: String?) -> Attr { Attr("class", value) }
    public static func id(_ value: String?) -> Attr { Attr("id", value) }
}

private func plotAttributes(_ attrs: [Attr]) -> [Attribute<HTML.BodyContext>] {
    attrs.compactMap { attr in
        guard let value = attr.value else { return nil }
        if attr.isFlag { return Attribute(name: attr.name, value: nil, ignoreIfValueIsEmpty: false) }
        return Attribute(name: attr.name, value: Escape.attribute(value), ignoreIfValueIsEmpty: false)
    }
}

private func attributeNodes(_ attrs: [Attr]) -> [HTMLNode] {
    plotAttributes(attrs).map { .attribute($0) }
}

public func el(_ name: String, _ attrs: [Attr] = [], _ children: [HTMLNode] = []) -> HTMLNode {
    .element(named: name, nodes: attributeNodes(attrs) + children)
}

public func el(_ name: String, _ attrs: [Attr] = [], text: String) -> HTMLNode {
    .element(named: name, nodes: attributeNodes(attrs) + [txt(text)])
}

/// Void elements (`input`, `meta`, `link`, `br`).
public func void(_ name: String, _ attrs: [Attr]) -> HTMLNode {
    .selfClosedElement(named: name, attributes: plotAttributes(attrs))
}

public func txt(_ text: String) -> HTMLNode { .raw(Escape.text(text)) }

public func group(_ nodes: [HTMLNode]) -> HTMLNode { .group(nodes) }

public func render(_ node: HTMLNode) -> String { node.render() }
