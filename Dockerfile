# consent-service container image: a Swift build stage and a minimal Ubuntu runtime.
# scripts/checks/docker.sh lints this file with hadolint and runs the build stage's
# commands outside Docker, so keep build-stage paths relative to WORKDIR.

# ---- build ----
FROM swift:6.3-noble AS build
WORKDIR /build
COPY Package.swift ./
COPY Sources ./Sources
# Package.swift declares the test targets, so SwiftPM needs their directories to resolve the package.
COPY Tests ./Tests
# Static Swift runtime: the binary needs only glibc and libstdc++ from the runtime image.
RUN swift build -c release --static-swift-stdlib --product consent-service \
    && mkdir -p staging \
    && cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/consent-service" staging/consent-service

# ---- runtime ----
FROM ubuntu:noble
# A numeric, unprivileged user and a data volume it owns.
RUN useradd --no-log-init --system --uid 10001 --user-group --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin consent \
    && mkdir -p /data \
    && chown 10001:10001 /data
COPY --from=build /build/staging/consent-service /usr/local/bin/consent-service
ENV CONSENT_HOST=0.0.0.0 \
    CONSENT_PORT=8080 \
    CONSENT_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER 10001:10001
WORKDIR /
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/consent-service", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/consent-service"]
CMD ["serve"]
