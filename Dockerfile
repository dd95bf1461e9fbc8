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
RUN useradd --system --uid 10001 botkeeper
COPY --from=build /src/target/botkeeper.jar /opt/botkeeper/botkeeper.jar
USER 10001
EXPOSE 8080
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/botkeeper/botkeeper.jar"]
