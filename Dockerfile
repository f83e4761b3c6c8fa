# The allocation service's image: the runnable jar on a Java 17 runtime, configured by environment variables
# only (README, "Settings"). Build the jar first, then the image:
#   mvn -B -q -DskipTests package && docker build -t allocation .
# BASE replaces the runtime image; any Java 17 runtime with useradd will do (CI builds on one made from
# Debian's packages, .ci/container-base, since no registry can be reached there).
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}

# A user of its own, never root. /app/data is where the embedded database goes when DATABASE_URL is unset.
RUN useradd --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin allocation \
 && mkdir -p /app/data && chown allocation:allocation /app/data
WORKDIR /app
COPY bootstrap/target/allocation-bootstrap-*-all.jar /app/allocation.jar
USER 10001:10001

ENV HTTP_PORT=5005
EXPOSE 5005

# The heap is a share of the container's memory limit, the rest left to metaspace, threads and code. The
# parallel collector serves more requests than G1 here (README, "Performance"). Out of memory ends the
# process, so that it is restarted rather than left half alive. JAVA_TOOL_OPTIONS adds or overrides flags.
# Java runs as process 1 and takes SIGTERM itself: it drains, stops in order and exits 0 within
# SHUTDOWN_DRAIN_MS + SHUTDOWN_GRACE_MS + 5 s (README, "What a stop does").
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/allocation.jar"]
