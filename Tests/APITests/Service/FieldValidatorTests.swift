import Testing
@testable import ConsentService

@Suite struct FieldValidatorTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser().parse(Array(text.utf8)) }

    /// Every problem of a body is collected with its pointer, not just the first.
    @Test func collectsEveryProblemWithPointers() throws {
        let body = try parse(#"{"choices":{"analytics":1,"targeting":true,"ads":false},"source":7,"extra":null}"#)
        var fields = FieldValidator()
        fields.rejectUnknownMembers(of: body, at: .root, allowed: ["choices", "source"])
        let choices = fields.object(body["choices"], at: .root.appending("choices"))
        fields.rejectUnknownMembers(of: choices ?? .null, at: .root.appending("choices"), allowed: ["analytics", "targeting"])
        #expect(fields.bool(choices?["analytics"], at: .root.appending("choices").appending("analytics")) == nil)
        #expect(fields.bool(choices?["targeting"], at: .root.appending("choices").appending("targeting")) == true)
        #expect(fields.string(body["source"], at: .root.appending("source"), maxLength: 64) == nil)
        #expect(fields.problems == [
            FieldProblem(pointer: "/extra", message: "unknown member"),
            FieldProblem(pointer: "/choices/ads", message: "unknown member"),
            FieldProblem(pointer: "/choices/analytics", message: "must be a boolean, got a number"),
            FieldProblem(pointer: "/source", message: "must be a string, got a number"),
        ])
        #expect(throws: APIError.validation(fields.problems)) { try fields.finish() }
    }

    /// The list form of the unknown-member check records the same problems as the set form, pointers escaped.
    @Test func unknownMembers_byList_matchTheSetCheck() throws {
        let body = try parse(#"{"a":1,"b~c":2,"d/e":3,"f":4}"#)
        var bySet = FieldValidator(), byList = FieldValidator()
        bySet.rejectUnknownMembers(of: body, at: .root, allowed: ["a", "f"])
        byList.rejectUnknownMembers(of: body, at: .root, allowedList: ["a", "f"])
        #expect(byList.problems == bySet.problems)
        #expect(byList.problems.map(\.pointer) == ["/b~0c", "/d~1e"])
    }

    /// Absent optional members are not problems.
    @Test func absentMembers_areNotProblems() throws {
        var fields = FieldValidator()
        #expect(fields.string(nil, at: .root.appending("locale"), maxLength: 35) == nil)
        #expect(fields.strings(nil, at: .root.appending("cookies"), maxCount: 2, maxLength: 8) == nil)
        try fields.finish()
    }

    /// String arrays enforce their item count, item type and item length.
    @Test func stringArrays_areBounded() throws {
        var fields = FieldValidator()
        #expect(fields.strings(try parse(#"["a","b","c"]"#), at: .root.appending("cookies"), maxCount: 2, maxLength: 8) == nil)
        #expect(fields.strings(try parse(#"["a",1,"toolongvalue"]"#), at: .root.appending("names"), maxCount: 5, maxLength: 8) == nil)
        #expect(fields.strings(try parse(#"["a","b"]"#), at: .root.appending("ok"), maxCount: 2, maxLength: 8) == ["a", "b"])
        #expect(fields.problems.map(\.pointer) == ["/cookies", "/names/1", "/names/2"])
    }
}
