import Feeds
import Foundation
import IndicatorEngine
import NIOCore
import NIOHTTP1
import NIOHTTPCompression

/// One connection's requests: the body gathered up to the limit, then routed. Decoding runs
/// off the event loop, the answer comes back on it once the leader has committed the write.
final class WriteHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: InfluxWriteServer
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false

    init(server: InfluxWriteServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            self.head = head
            body = context.channel.allocator.buffer(capacity: 0)
            tooLarge = false
            if let length = head.headers.first(name: "Content-Length").flatMap(Int.init), length > server.settings.maxBody { tooLarge = true }
        case var .body(part):
            guard !tooLarge else { return }
            if (body?.readableBytes ?? 0) + part.readableBytes > server.settings.maxBody {
                tooLarge = true
                body = nil
            } else {
                body?.writeBuffer(&part)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            if tooLarge {
                respond(context, head: head, .payloadTooLarge,
                        error: ("request too large", "the body is over \(server.settings.maxBody) bytes; send smaller batches"), close: true)
                return
            }
            route(context, head: head, body: body ?? context.channel.allocator.buffer(capacity: 0))
            body = nil
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOHTTPDecompression.DecompressionError, let head {
            self.head = nil
            respond(context, head: head, .payloadTooLarge, error: ("request too large", "the body, unzipped, is over \(server.settings.maxBody) bytes"), close: true)
            return
        }
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Quiet too long (a slow or half-open writer): the connection goes, nobody else waits.
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }

    private func route(_ context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer) {
        let parts = head.uri.split(separator: "?", maxSplits: 1).map(String.init)
        let path = parts.first ?? "/"
        let query = Self.query(parts.count > 1 ? parts[1] : "")
        switch (head.method, path) {
        case (.GET, "/health"):
            respond(context, head: head, .ok, json: #"{"name":"ioc","message":"ready for writes","status":"pass","checks":[],"version":"ioc"}"#)
        case (.GET, "/ping"), (.HEAD, "/ping"):
            respond(context, head: head, .noContent)
        case (.POST, "/api/v2/write"), (.POST, "/write"):
            write(context, head: head, body: body, query: query, v1: path == "/write")
        case (_, "/health"), (_, "/ping"), (_, "/api/v2/write"), (_, "/write"):
            respond(context, head: head, .methodNotAllowed, error: ("method not allowed", "\(head.method) is not allowed on \(path)"))
        default:
            respond(context, head: head, .notFound, error: ("not found", "path not found: this server takes POST /api/v2/write, POST /write, GET /health, GET /ping"))
        }
    }

    private func write(_ context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer, query: [String: String], v1: Bool) {
        guard let token = server.token(head: head, query: query) else {
            respond(context, head: head, .unauthorized, error: ("unauthorized", "unauthorized access"))
            return
        }
        let text = query["precision"] ?? (v1 ? "n" : "ns")
        guard let precision = Self.precisions[text] else {
            respond(context, head: head, .badRequest, error: ("invalid", "precision '\(text)' is not one of ns, us, ms, s (1.x: n, u, ms, s)"))
            return
        }
        let server = server, catalog = server.catalog, loop = context.eventLoop
        let peer = context.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
        nonisolated(unsafe) let context = context
        // Decoding a large body takes a while: off the event loop, so other connections go on.
        DispatchQueue.global().async {
            let decoded = Self.decode(body, token: token, precision: precision, catalog: catalog)
            let total = decoded.samples.count + decoded.rejected
            @Sendable func answer(_ error: (any Error)?) {
                loop.execute {
                    if let error {
                        self.respond(context, head: head, .serviceUnavailable, error: ("unavailable", "\(error)"))
                    } else if let first = decoded.firstError {
                        let written = decoded.samples.isEmpty ? "nothing was written" : "the other \(decoded.samples.count) were written"
                        self.respond(context, head: head, .badRequest,
                                     error: ("invalid", "partial write: \(first) (\(decoded.rejected) of \(total) lines rejected; \(written))"))
                    } else if decoded.samples.isEmpty {
                        self.respond(context, head: head, .badRequest, error: ("invalid", "writing requires points"))
                    } else {
                        self.respond(context, head: head, .noContent)
                    }
                }
            }
            // A write wholly refused still goes to the leader: it is audited and counted.
            guard !decoded.samples.isEmpty || decoded.rejected > 0 else { return answer(nil) }
            let now = Int64(Date().timeIntervalSince1970)
            let audit = AuditEntry(time: now, user: "token:" + token.name, role: "", action: "ingest", target: "\(decoded.samples.count) observations",
                                   result: decoded.samples.isEmpty ? "refused" : decoded.rejected > 0 ? "partial" : "applied",
                                   detail: decoded.rejected > 0 ? "\(decoded.rejected) lines rejected; first: \(decoded.firstError ?? "")" : "",
                                   origin: "http \(peer)")
            let write = ExternalWrite(source: "http:" + token.name, samples: decoded.samples, rejected: decoded.rejected, audit: audit, done: { answer($0) })
            if !server.enqueue(write) { answer(InfluxWriteError("this process no longer leads the center; write again")) }
        }
    }

    static let precisions: [String: LineProtocol.Precision] = ["ns": .ns, "n": .ns, "us": .us, "u": .us, "ms": .ms, "s": .s]

    /// The body's lines through the decoder, each accepted one checked against the token.
    static func decode(_ body: ByteBuffer, token: FeedToken, precision: LineProtocol.Precision, catalog: Catalog)
        -> (samples: [Sample], rejected: Int, firstError: String?) {
        var options = IngestOptions(format: .line)
        options.precision = precision
        options.source = "http:" + token.name
        var decoder = Decoder(catalog: catalog, options: options)
        let scope = RegionScope(codes: token.scope, catalog: catalog)
        var samples: [Sample] = [], rejected = 0, firstError: String?
        let now = Int64(Date().timeIntervalSince1970)
        func take(_ line: Int, _ result: Result<Sample, Rejection>) {
            switch result {
            case let .success(sample):
                if let refusal = token.refusal(sample, catalog: catalog, scope: scope) {
                    rejected += 1
                    if firstError == nil { firstError = "line \(line): \(refusal)" }
                } else {
                    samples.append(sample)
                }
            case let .failure(reason):
                rejected += 1
                if firstError == nil { firstError = "line \(line): \(reason)" }
            }
        }
        let bytes = body.readableBytesView
        var start = bytes.startIndex, number = 0
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            number += 1
            decoder.decode(ArraySlice(bytes[start..<end]), lineNumber: number, now: now, take)
            start = end == bytes.endIndex ? end : end + 1
        }
        decoder.finish(now: now, take)
        return (samples, rejected, firstError)
    }

    static func query(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            if let key = kv.first { result[key] = kv.count > 1 ? kv[1] : "" }
        }
        return result
    }

    private func respond(_ context: ChannelHandlerContext, head: HTTPRequestHead, _ status: HTTPResponseStatus, json: String? = nil,
                         error: (code: String, message: String)? = nil, close: Bool = false) {
        var text = json
        if let error {
            let message = String(decoding: (try? JSONEncoder().encode(error.message)) ?? Data("\"\"".utf8), as: UTF8.self)
            text = #"{"code":"\#(error.code)","message":\#(message)}"#
        }
        var headers = HTTPHeaders()
        headers.add(name: "X-Influxdb-Version", value: "ioc")
        if let text {
            headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            headers.add(name: "Content-Length", value: "\(text.utf8.count)")
        } else {
            headers.add(name: "Content-Length", value: "0")
        }
        let keepAlive = head.isKeepAlive && !close
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if let text {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.whenComplete { _ in context.close(promise: nil) } }
    }
}
