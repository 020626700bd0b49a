# Builds the one Weft image; each role runs from it (WEFT_ROLES).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests package

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 weft && mkdir -p /var/lib/weft/data && chown -R weft /var/lib/weft
COPY --from=build /src/server/target/weft.jar /opt/weft/weft.jar
USER weft
WORKDIR /var/lib/weft
EXPOSE 3200 4317 4318
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/weft/weft.jar"]
