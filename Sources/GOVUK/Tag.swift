/// Status tags always carry their meaning in words; colour only reinforces it.
public enum TagColour: String, Sendable {
    case grey, green, turquoise, blue, purple, pink, red, orange, yellow
}

public func tag(_ text: String, _ colour: TagColour = .blue) -> HTMLNode {
    el("strong", [.cls("govuk-tag govuk-tag--\(colour.rawValue)")], text: text)
}
