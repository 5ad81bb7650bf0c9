# Multi-stage: the SDK image builds, the ASP.NET runtime image runs only the published app.
# Build:  docker build -t ghcr.io/example/ec2-capacity-extender:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that source edits do not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Extender/Extender.csproj src/Extender/
COPY src/Extender.Core/Extender.Core.csproj src/Extender.Core/
COPY src/Extender.Kubernetes/Extender.Kubernetes.csproj src/Extender.Kubernetes/
COPY src/Extender.Aws/Extender.Aws.csproj src/Extender.Aws/
COPY src/Extender.Sandbox/Extender.Sandbox.csproj src/Extender.Sandbox/
RUN dotnet restore src/Extender/Extender.csproj
COPY src/ src/
# Exactly the command .ci/run executes, so CI exercises this step even without a container engine.
RUN dotnet publish src/Extender/Extender.csproj -c Release -o artifacts/publish

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /src/artifacts/publish ./
# The image's built-in unprivileged user (UID 1654); the Deployment also enforces runAsNonRoot.
USER $APP_UID
# The extender verbs, /healthz, /readyz and /metrics share one port.
ENV ASPNETCORE_HTTP_PORTS=8888
EXPOSE 8888
ENTRYPOINT ["dotnet", "extender.dll"]
CMD ["run"]
