package org.botkeeper.serve;

import org.botkeeper.serve.BotkeeperProperties;
import org.botkeeper.vault.VaultSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.BrokerSettings;

/**
 * The one line {@code serve} logs once it is up, so an operator sees what it runs against: Vault's
 * address and namespace, how it logs in, GitHub's API, the mounts, the schedule and where the status page
 * is. Names and addresses only, never a credential.
 */
final class ServeStartupLine implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger LOG = LoggerFactory.getLogger(ServeStartupLine.class);

	private final BrokerAssembly assembly;

	private final BotkeeperProperties properties;

	ServeStartupLine(BrokerAssembly assembly, BotkeeperProperties properties) {
		this.assembly = assembly;
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		String address = event.getApplicationContext().getEnvironment().getProperty("server.address", "*");
		String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
		LOG.info(line(port == null ? null : address + ":" + port));
	}

	/** @param listening the status page's address and port, or null when serve has no web server */
	String line(String listening) {
		VaultSettings vault = assembly.vault().settings();
		BotkeeperProperties.Vault login = properties.vault();
		BrokerSettings settings = assembly.settings();
		String auth = login.appRole() ? "AppRole at auth/" + login.approlePath()
				+ (login.secretIdWrapped() ? " with a wrapped secret id" : "")
				: login.kubernetes() ? "Kubernetes at auth/" + login.kubernetesPath() + " as role " + login.kubernetesRole()
						: "the token in VAULT_TOKEN (or ~/.vault-token)";
		return "botkeeper serve: Vault " + vault.address()
				+ (vault.namespace() == null ? "" : " namespace " + vault.namespace()) + " (login: " + auth + ")"
				+ ", GitHub API " + settings.api() + ", mounts " + settings.layout().kvMount() + " and "
				+ settings.layout().totpMount() + ", sync every " + BrokerSettings.show(properties.schedule().interval())
				+ " (backing off up to " + BrokerSettings.show(properties.schedule().maxBackoff()) + ")"
				+ (properties.schedule().changePoll().isZero() ? ""
						: ", changes polled every " + BrokerSettings.show(properties.schedule().changePoll()))
				+ ", writes "
				+ BrokerSettings.show(settings.writeGap()) + " apart"
				+ (listening == null ? "" : ", status page on " + listening);
	}

}
