#include "CommandLine.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QHostInfo>
#include <QMap>

#include "base/Vantage.h"
#include "kinds/FailureKind.h"
#include "metrics/MetricsServer.h"
#include "probe/UrlValidator.h"

namespace NetPulse {

namespace {

// The exit statuses of --once, from the kinds themselves (README "Failure kinds"): each status,
// its family and the kinds in it, wrapped as the options above are.
QString exitStatusHelp()
{
    QMap<int, QStringList> kinds;
    QMap<int, QString> families;
    for (const FailureKind kind : allFailureKinds()) {
        const int status = exitCodeForKind(kind);
        kinds[status] << failureKindName(kind);
        families[status] = failureFamilyName(failureFamily(kind));
    }
    QString text = QStringLiteral("\nExit status of --headless --once:\n");
    kinds[1] = {}; // NetPulse's own failure, in its place in the order
    for (auto it = kinds.cbegin(); it != kinds.cend(); ++it) {
        if (it.key() == 1) {
            text += QStringLiteral("  1  NetPulse itself failed (it says why on stderr)\n");
            continue;
        }
        QString line = QStringLiteral("  %1  %2: ").arg(it.key()).arg(families.value(it.key()));
        const QString indent(line.size(), QLatin1Char(' '));
        int width = int(line.size());
        const QStringList &names = it.value();
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QString word = names.at(i) + (i + 1 < names.size() ? QStringLiteral(",") : QString());
            if (width + word.size() + 1 > 79 && width > indent.size()) {
                line += QLatin1Char('\n') + indent;
                width = int(indent.size());
            } else if (width > indent.size()) {
                line += QLatin1Char(' ');
                ++width;
            }
            line += word;
            width += int(word.size());
        }
        text += line + QLatin1Char('\n');
    }
    return text;
}

// Writes `*target` only when the option was given and is a whole number within [low, high].
template<typename T>
bool parseNumber(const QCommandLineParser &parser, const QCommandLineOption &option, const Limits::Range<T> &range,
                 T *target, QString *error)
{
    if (!parser.isSet(option))
        return true;
    const QString text = parser.value(option);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < qint64(range.low) || value > qint64(range.high)) {
        *error = QStringLiteral("--%1 must be a whole number from %2 to %3, not '%4'")
                     .arg(option.names().constFirst())
                     .arg(range.low)
                     .arg(range.high)
                     .arg(text);
        return false;
    }
    *target = T(value);
    return true;
}

} // namespace

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Watches a service URL and says, in plain words, why it cannot be reached.\n"
                       "Without a URL the desktop app starts the bundled demo service."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("No window: print one JSON line per attempt to stdout."));
    const QCommandLineOption once(QStringLiteral("once"),
                                  QStringLiteral("Headless: probe once; the exit status tells the outcome."));
    const QCommandLineOption interval(
        QStringLiteral("interval"),
        QStringLiteral("Headless: time between probe starts (default %1).").arg(Limits::intervalMs.fallback),
        QStringLiteral("MS"));
    const QCommandLineOption count(QStringLiteral("count"),
                                   QStringLiteral("Headless: stop after N attempts (default: until SIGINT/SIGTERM)."),
                                   QStringLiteral("N"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Give up after MS without any progress (default %1).").arg(Limits::timeoutMs.fallback),
        QStringLiteral("MS"));
    const QCommandLineOption deadline(
        QStringLiteral("deadline"),
        QStringLiteral("Give up after MS in total, progress or not (default %1).").arg(Limits::deadlineMs.fallback),
        QStringLiteral("MS"));
    const QCommandLineOption maxBody(
        QStringLiteral("max-body"),
        QStringLiteral("Abort when the body passes BYTES (default %1).").arg(Limits::maxBodyBytes.fallback),
        QStringLiteral("BYTES"));
    const QCommandLineOption maxRedirects(
        QStringLiteral("max-redirects"),
        QStringLiteral("Follow at most N redirects (default %1).").arg(Limits::maxRedirects.fallback),
        QStringLiteral("N"));
    const QCommandLineOption method(QStringLiteral("method"), QStringLiteral("HTTP method (default GET)."),
                                    QStringLiteral("METHOD"));
    const QCommandLineOption header(QStringLiteral("header"),
                                    QStringLiteral("Request header 'Name: value' (repeatable)."),
                                    QStringLiteral("HEADER"));
    const QCommandLineOption insecure(QStringLiteral("insecure"),
                                      QStringLiteral("Accept TLS certificates that fail verification."));
    const QCommandLineOption pageOrigin(
        QStringLiteral("page-origin"),
        QStringLiteral("The page that calls this URL (http://localhost:3000): also say whether a browser would hand "
                       "it the answer (CORS, mixed content, private network access)."),
        QStringLiteral("ORIGIN"));
    const QCommandLineOption retries(
        QStringLiteral("retries"),
        QStringLiteral("Headless: retries per failure episode (default %1).").arg(Limits::retries.fallback),
        QStringLiteral("N"));
    const QCommandLineOption backoffInitial(
        QStringLiteral("backoff-initial"),
        QStringLiteral("Headless: first retry delay (default %1).").arg(Limits::backoffInitialMs.fallback),
        QStringLiteral("MS"));
    const QCommandLineOption backoffMax(
        QStringLiteral("backoff-max"),
        QStringLiteral("Headless: longest retry delay (default %1).").arg(Limits::backoffMaxMs.fallback),
        QStringLiteral("MS"));
    const QCommandLineOption backoffMultiplier(
        QStringLiteral("backoff-multiplier"),
        QStringLiteral("Headless: delay growth per retry (default %1).").arg(Limits::backoffMultiplier.fallback),
        QStringLiteral("X"));
    const QCommandLineOption jitter(QStringLiteral("jitter"),
                                    QStringLiteral("Headless: full, equal, decorrelated or none (default full)."),
                                    QStringLiteral("MODE"));
    const QCommandLineOption downInterval(
        QStringLiteral("down-interval"),
        QStringLiteral("Headless: time between checks once retries are spent (default %1).")
            .arg(Limits::downIntervalMs.fallback),
        QStringLiteral("MS"));
    const QCommandLineOption slow(
        QStringLiteral("slow"),
        QStringLiteral("Headless: an ok answer slower than MS is degraded (default %1).").arg(Limits::slowMs.fallback),
        QStringLiteral("MS"));
    const QCommandLineOption allowNonIdempotent(
        QStringLiteral("allow-retry-non-idempotent"),
        QStringLiteral("Headless: retry POST and PATCH too (never done without this)."));
    const QCommandLineOption cacheDir(QStringLiteral("cache-dir"),
                                      QStringLiteral("Keep the last good responses in DIR."), QStringLiteral("DIR"));
    const QCommandLineOption noCache(QStringLiteral("no-cache"),
                                     QStringLiteral("Neither read nor write the last-good response cache."));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QStringLiteral("Use DIR as the profile: the history database, the report outbox and (for "
                       "the window) its settings. One NetPulse at a time uses a profile."),
        QStringLiteral("DIR"));
    const QCommandLineOption importFile(
        QStringLiteral("import"),
        QStringLiteral("Window: import the endpoints of FILE into the app's own list, merged by name."),
        QStringLiteral("FILE"));
    const QCommandLineOption noHistory(QStringLiteral("no-history"),
                                       QStringLiteral("Headless: do not record attempts in the history database."));
    const QCommandLineOption showBody(
        QStringLiteral("show-body"), QStringLiteral("With --once: print the live or cached body after the JSON line."));
    const QCommandLineOption noRecoveryWatch(
        QStringLiteral("no-recovery-watch"),
        QStringLiteral("Headless: between checks of a refused or unresolved endpoint, do not try its port or name "
                       "once a second (by default a success there triggers a check at once)."));
    const QCommandLineOption verbose(
        QStringLiteral("verbose"),
        QStringLiteral("Headless: debug lines from every netpulse.* logging category (and Qt's warnings) on stderr."));
    const QCommandLineOption proxy(QStringLiteral("proxy"),
                                   QStringLiteral("Send requests through http://host:port or socks5://host:port."),
                                   QStringLiteral("URL"));
    const QCommandLineOption reportUrl(
        QStringLiteral("report-url"),
        QStringLiteral("POST failures and state changes as CloudEvents JSON to URL (docs/reports.md)."),
        QStringLiteral("URL"));
    const QCommandLineOption reportHeader(
        QStringLiteral("report-header"),
        QStringLiteral("Header 'Name: value' sent with every report and alert, e.g. a token (repeatable; never "
                       "logged)."),
        QStringLiteral("HEADER"));
    const QCommandLineOption alertmanagerUrl(
        QStringLiteral("alertmanager-url"),
        QStringLiteral("Send an alert to this Prometheus Alertmanager while the endpoint is down."),
        QStringLiteral("URL"));
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("Headless: the endpoint's name in reports and alerts."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption configFile(
        QStringLiteral("config"),
        QStringLiteral("Watch every endpoint of this endpoint file (docs/endpoint-file.md), reread when it changes "
                       "(and on SIGHUP in headless mode)."),
        QStringLiteral("FILE"));
    const QCommandLineOption probeThreads(
        QStringLiteral("probe-threads"),
        QStringLiteral("Probe lanes: threads that each run their share of the checks with a network manager "
                       "of their own, so one endpoint's trouble stays on its lane (default: the cores, %1 to 8).")
            .arg(Limits::probeThreads.fallback),
        QStringLiteral("N"));
    const QCommandLineOption vantage(
        QStringLiteral("vantage"),
        QStringLiteral("This machine's name among the vantage points watching the same endpoints: a label on every "
                       "metric series, in reports and alerts (docs/vantage.md; default: the endpoint file's "
                       "defaults.vantage, else the host name, now %1).")
            .arg(QHostInfo::localHostName()),
        QStringLiteral("NAME"));
    const QCommandLineOption vantagesFrom(
        QStringLiteral("vantages-from"),
        QStringLiteral("Read the other vantage points' verdicts from this Prometheus (its HTTP API, "
                       "http(s)://[user:password@]host:9090) and say whether a failure is only here "
                       "(docs/vantage.md)."),
        QStringLiteral("URL"));
    const QCommandLineOption vantagesHeader(
        QStringLiteral("vantages-header"),
        QStringLiteral("A header sent to --vantages-from, e.g. 'Authorization: Bearer TOKEN' (never shown); "
                       "repeatable."),
        QStringLiteral("HEADER"));
    const QCommandLineOption vantagesEvery(
        QStringLiteral("vantages-every"),
        QStringLiteral("Read --vantages-from every SECONDS (default %1).").arg(Limits::vantagesRefreshS.fallback),
        QStringLiteral("SECONDS"));
    const QCommandLineOption vantagesCa(QStringLiteral("vantages-ca"),
                                        QStringLiteral("A CA certificate (PEM) to trust for an https --vantages-from."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption metricsListen(
        QStringLiteral("metrics-listen"),
        QStringLiteral("Serve Prometheus metrics on http://ADDRESS:PORT/metrics (docs/metrics.md); ':9464' is "
                       "loopback."),
        QStringLiteral("ADDRESS:PORT"));
    const QCommandLineOption webConfig(
        QStringLiteral("web-config"),
        QStringLiteral("Serve --metrics-listen as FILE says: TLS and users with bcrypt passwords, in the web "
                       "configuration format of Prometheus' exporters (docs/metrics.md)."),
        QStringLiteral("FILE"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("The window's colours: system (the desktop's, the default), light, dark or high-contrast."),
        QStringLiteral("THEME"));
    // Plain rows: clang-format would pack these into columns where a missing one is hard to see.
    // clang-format off
    parser.addOptions({help, version, headless, once, interval, count, timeout, deadline, maxBody, maxRedirects,
                       method, header, insecure, pageOrigin, proxy, retries, backoffInitial, backoffMax, backoffMultiplier,
                       jitter, downInterval, slow, allowNonIdempotent, cacheDir, noCache, showBody, noRecoveryWatch, verbose, dataDir, noHistory, reportUrl, reportHeader, alertmanagerUrl, name, configFile, metricsListen, webConfig, vantage, vantagesFrom, vantagesHeader, vantagesEvery, vantagesCa, probeThreads, importFile, theme});
    // clang-format on
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("The http or https URL to watch."),
                                 QStringLiteral("[url]"));
    // Parsed before any QCoreApplication exists, so Qt cannot know the program name.
    result.helpText =
        parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("netpulse")) + exitStatusHelp();

    auto fail = [&result](const QString &message) {
        result.action = Action::Error;
        result.error = message;
        return result;
    };

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(help)) {
        result.action = Action::ShowHelp;
        return result;
    }
    if (parser.isSet(version)) {
        result.action = Action::ShowVersion;
        return result;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return fail(QStringLiteral("expected one URL, got %1 arguments").arg(positional.size()));
    result.urlText = positional.value(0);

    const bool isHeadless = parser.isSet(headless);
    if (parser.isSet(configFile)) {
        if (!result.urlText.isEmpty())
            return fail(QStringLiteral("--config and a URL: give one or the other"));
        // One URL's settings have their place in the file (its defaults, or the endpoint).
        for (const QCommandLineOption *option : {&once,
                                                 &count,
                                                 &showBody,
                                                 &name,
                                                 &interval,
                                                 &timeout,
                                                 &deadline,
                                                 &maxBody,
                                                 &maxRedirects,
                                                 &method,
                                                 &header,
                                                 &insecure,
                                                 &pageOrigin,
                                                 &retries,
                                                 &backoffInitial,
                                                 &backoffMax,
                                                 &backoffMultiplier,
                                                 &jitter,
                                                 &downInterval,
                                                 &slow,
                                                 &allowNonIdempotent,
                                                 &noRecoveryWatch}) {
            if (parser.isSet(*option))
                return fail(QStringLiteral("--%1 is for one URL; with --config, write it in the file")
                                .arg(option->names().constFirst()));
        }
        result.headless.endpointFile = parser.value(configFile);
    }
    if (parser.isSet(importFile)) {
        if (isHeadless)
            return fail(QStringLiteral("--import is for the window; a headless run watches a file with --config"));
        result.importFile = parser.value(importFile);
    }
    if (parser.isSet(theme)) {
        if (isHeadless)
            return fail(QStringLiteral("--theme is for the window"));
        result.theme = parser.value(theme);
        const QStringList themes = {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark"),
                                    QStringLiteral("high-contrast")};
        if (!themes.contains(result.theme))
            return fail(
                QStringLiteral("--theme: \"%1\" is not system, light, dark or high-contrast").arg(result.theme));
    }
    if (!isHeadless) {
        for (const QCommandLineOption *option :
             {&once, &interval, &count, &retries, &backoffInitial, &backoffMax, &backoffMultiplier, &jitter,
              &downInterval, &slow, &allowNonIdempotent, &noRecoveryWatch, &verbose, &noHistory, &name})
            if (parser.isSet(*option))
                return fail(QStringLiteral("--%1 needs --headless").arg(option->names().constFirst()));
    }

    HeadlessConfig &config = result.headless;
    QString error;
    MonitorSettings &monitor = config.monitor;
    ProbeOptions &probe = monitor.probe;
    const bool numbersOk =
        parseNumber(parser, timeout, Limits::timeoutMs, &probe.inactivityTimeoutMs, &error) &&
        parseNumber(parser, deadline, Limits::deadlineMs, &probe.totalDeadlineMs, &error) &&
        parseNumber(parser, maxBody, Limits::maxBodyBytes, &probe.maxBodyBytes, &error) &&
        parseNumber(parser, maxRedirects, Limits::maxRedirects, &probe.maxRedirects, &error) &&
        parseNumber(parser, interval, Limits::intervalMs, &monitor.intervalMs, &error) &&
        parseNumber(parser, count, Limits::count, &config.count, &error) &&
        parseNumber(parser, retries, Limits::retries, &monitor.retries, &error) &&
        parseNumber(parser, backoffInitial, Limits::backoffInitialMs, &monitor.backoff.initialMs, &error) &&
        parseNumber(parser, backoffMax, Limits::backoffMaxMs, &monitor.backoff.capMs, &error) &&
        parseNumber(parser, downInterval, Limits::downIntervalMs, &monitor.downIntervalMs, &error) &&
        parseNumber(parser, slow, Limits::slowMs, &monitor.slowThresholdMs, &error);
    if (!numbersOk)
        return fail(error);
    if (parser.isSet(probeThreads)) {
        int threads = Limits::probeThreads.fallback;
        if (!parseNumber(parser, probeThreads, Limits::probeThreads, &threads, &error))
            return fail(error);
        config.probeThreads = threads;
    }
    if (parser.isSet(backoffMultiplier)) {
        bool ok = false;
        monitor.backoff.multiplier = parser.value(backoffMultiplier).toDouble(&ok);
        if (!ok || !Limits::backoffMultiplier.contains(monitor.backoff.multiplier))
            return fail(QStringLiteral("--backoff-multiplier must be a number from %1 to %2, not '%3'")
                            .arg(Limits::backoffMultiplier.low)
                            .arg(Limits::backoffMultiplier.high)
                            .arg(parser.value(backoffMultiplier)));
    }
    if (parser.isSet(jitter)) {
        const std::optional<JitterMode> mode = jitterModeFromName(parser.value(jitter));
        if (!mode)
            return fail(QStringLiteral("--jitter must be full, equal, decorrelated or none, not '%1'")
                            .arg(parser.value(jitter)));
        monitor.backoff.jitter = *mode;
    }
    monitor.allowRetryNonIdempotent = parser.isSet(allowNonIdempotent);
    monitor.recoveryWatch = !parser.isSet(noRecoveryWatch);
    result.verbose = parser.isSet(verbose);
    config.once = parser.isSet(once);
    config.useCache = !parser.isSet(noCache);
    config.cacheDirectory = parser.value(cacheDir);
    config.useHistory = !parser.isSet(noHistory);
    config.dataDirectory = parser.value(dataDir);
    if (parser.isSet(dataDir) && parser.isSet(noHistory))
        return fail(QStringLiteral("--data-dir and --no-history contradict each other"));
    config.showBody = parser.isSet(showBody);
    if (config.showBody && !config.once)
        return fail(QStringLiteral("--show-body needs --once (watch mode prints JSON lines only)"));
    if (parser.isSet(cacheDir) && parser.isSet(noCache))
        return fail(QStringLiteral("--cache-dir and --no-cache contradict each other"));
    probe.insecure = parser.isSet(insecure);
    probe.pageOrigin = parser.value(pageOrigin).trimmed();
    if (parser.isSet(method)) {
        probe.method = parser.value(method).toUpper().toLatin1();
        if (!isValidMethod(probe.method))
            return fail(QStringLiteral("--method '%1' is not a valid HTTP method").arg(parser.value(method)));
    }
    for (const QString &line : parser.values(header)) {
        QPair<QByteArray, QByteArray> parsed;
        if (!parseHeaderLine(line, &parsed, &error))
            return fail(QStringLiteral("--header: ") + error);
        probe.headers.append(parsed);
    }
    config.name = parser.value(name).trimmed();
    for (const auto &[option, target] :
         {qMakePair(&reportUrl, &config.reports), qMakePair(&alertmanagerUrl, &config.alerts)}) {
        if (!parser.isSet(*option))
            continue;
        QString problem;
        const QUrl url = ReportTarget::parseUrl(parser.value(*option), &problem);
        if (!problem.isEmpty())
            return fail(QStringLiteral("--%1 %2").arg(option->names().constFirst(), problem));
        target->url = url;
    }
    for (const QString &line : parser.values(reportHeader)) {
        QPair<QByteArray, QByteArray> parsed;
        if (!parseHeaderLine(line, &parsed, &error))
            return fail(QStringLiteral("--report-header: ") + error);
        config.reports.headers.append(parsed);
        config.alerts.headers.append(parsed);
    }
    if (parser.isSet(reportHeader) && !parser.isSet(reportUrl) && !parser.isSet(alertmanagerUrl))
        return fail(QStringLiteral("--report-header needs --report-url or --alertmanager-url"));
    if (parser.isSet(vantage)) {
        const QString problem = Vantage::problem(parser.value(vantage));
        if (!problem.isEmpty())
            return fail(QStringLiteral("--vantage: ") + problem);
        config.vantage = parser.value(vantage);
    }
    if (parser.isSet(vantagesFrom)) {
        QString problem;
        const QUrl url = ReportTarget::parseUrl(parser.value(vantagesFrom), &problem);
        if (!problem.isEmpty())
            return fail(QStringLiteral("--vantages-from: ") + problem);
        if (parser.isSet(once))
            return fail(QStringLiteral("--vantages-from needs a watch, not --once"));
        config.vantages.url = url;
    }
    for (const QString &line : parser.values(vantagesHeader)) {
        QPair<QByteArray, QByteArray> parsed;
        if (!parseHeaderLine(line, &parsed, &error))
            return fail(QStringLiteral("--vantages-header: ") + error);
        config.vantages.headers.append(parsed);
    }
    if (parser.isSet(vantagesCa)) {
        if (!QFileInfo(parser.value(vantagesCa)).isReadable())
            return fail(QStringLiteral("--vantages-ca: cannot read %1").arg(parser.value(vantagesCa)));
        config.vantages.caFile = parser.value(vantagesCa);
    }
    if (!parseNumber(parser, vantagesEvery, Limits::vantagesRefreshS, &config.vantages.refreshS, &error))
        return fail(error);
    if ((parser.isSet(vantagesHeader) || parser.isSet(vantagesCa) || parser.isSet(vantagesEvery)) &&
        !parser.isSet(vantagesFrom))
        return fail(QStringLiteral("--vantages-header, --vantages-every and --vantages-ca need --vantages-from"));
    if (parser.isSet(metricsListen)) {
        QString problem;
        if (!MetricsServer::parseAddress(parser.value(metricsListen), &config.metricsAddress, &config.metricsPort,
                                         &problem))
            return fail(QStringLiteral("--metrics-listen ") + problem);
        if (parser.isSet(once))
            return fail(QStringLiteral("--metrics-listen needs a watch, not --once"));
    }
    if (parser.isSet(webConfig)) {
        if (!parser.isSet(metricsListen))
            return fail(QStringLiteral("--web-config needs --metrics-listen"));
        QString problem;
        config.metricsWebConfig = WebConfig::load(parser.value(webConfig), &problem);
        if (!config.metricsWebConfig)
            return fail(QStringLiteral("--web-config ") + problem);
    }
    if (parser.isSet(proxy)) {
        QNetworkProxy parsedProxy;
        if (!parseProxyUrl(parser.value(proxy), &parsedProxy, &error))
            return fail(QStringLiteral("--proxy: ") + error);
        config.proxy = parsedProxy;
    }

    if ((isHeadless || !result.urlText.isEmpty()) && result.headless.endpointFile.isEmpty()) {
        if (result.urlText.isEmpty())
            return fail(QStringLiteral("--headless needs a URL to probe, or --config FILE"));
        const UrlValidator::Result url = UrlValidator::parse(result.urlText);
        if (!url.ok())
            return fail(QStringLiteral("invalid URL: ") + url.error);
        probe.url = url.url;
        // What the single options cannot catch alone (a deadline under the timeout, a backoff cap
        // under its start): the same check as every other way in.
        const QString problem = monitor.validate();
        if (!problem.isEmpty())
            return fail(problem);
    }
    result.action = isHeadless ? Action::RunHeadless : Action::RunGui;
    return result;
}

} // namespace NetPulse
