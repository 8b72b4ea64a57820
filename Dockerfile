# Multi-stage build: a static binary in a distroless image, run as non-root.
# Build: docker build -t vigie .   (or with --build-arg VERSION=1.2.3)
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
	-ldflags "-s -w -X main.version=${VERSION}" \
	-o /out/vigie ./cmd/vigie

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/vigie /usr/local/bin/vigie
# distroless "nonroot" is uid/gid 65532: deploy/docker-compose.yml hands the
# secrets to this uid (deploy/deploy_test.go checks that they agree).
USER 65532:65532
EXPOSE 8080
# Readiness (Redis reachable, Page token valid) on the private admin_listen
# address named in the configuration file.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/usr/local/bin/vigie", "healthcheck", "--config", "/etc/vigie/vigie.yaml"]
ENTRYPOINT ["/usr/local/bin/vigie"]
CMD ["run", "--config", "/etc/vigie/vigie.yaml"]
