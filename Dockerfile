# botkeeper's image: built from source with the Maven wrapper, run as an unprivileged user.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -q -B dependency:go-offline
COPY src src
COPY vault-policies vault-policies
RUN ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:25-jre
# 'botkeeper' on PATH, for health checks and 'docker compose exec botkeeper botkeeper status'.
RUN useradd --system --uid 10001 botkeeper \
 && printf '#!/bin/sh\nexec java --enable-native-access=ALL-UNNAMED -jar /opt/botkeeper/botkeeper.jar "$@"\n' \
      > /usr/local/bin/botkeeper \
 && chmod 755 /usr/local/bin/botkeeper
COPY --from=build /src/target/botkeeper.jar /opt/botkeeper/botkeeper.jar
USER 10001
EXPOSE 8080
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/botkeeper/botkeeper.jar"]
