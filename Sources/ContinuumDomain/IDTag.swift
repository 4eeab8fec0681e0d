import Foundation

/// Phantom tags for `TypedID`; they have no cases and are never instantiated.
public enum IDTag {
    public enum Child {}
    public enum Establishment {}
    public enum User {}
    public enum Person {}
    public enum Authority {}
}

public typealias ChildID = TypedID<IDTag.Child>
public typealias EstablishmentID = TypedID<IDTag.Establishment>
public typealias UserID = TypedID<IDTag.User>
public typealias PersonID = TypedID<IDTag.Person>
public typealias AuthorityID = TypedID<IDTag.Authority>
