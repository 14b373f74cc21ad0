import HTTPLite
import ConsentDomain

@main
struct ConsentServiceMain {
    static func main() {
        print("consent-service: not wired yet")
    }
}
