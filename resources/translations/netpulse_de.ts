<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>NetPulse::AlertNotifier</name>
    <message>
        <location filename="../../core/reports/AlertNotifier.cpp" line="+190"/>
        <source>alerts reach %1 again</source>
        <translation>Alarme erreichen %1 wieder</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>alerts to %1 are not delivered (%2); they are sent again every minute while it matters</source>
        <translation>Alarme an %1 werden nicht zugestellt (%2); sie werden jede Minute erneut gesendet, solange sie gelten</translation>
    </message>
</context>
<context>
    <name>NetPulse::CacheEntry</name>
    <message>
        <location filename="../../core/cache/CacheEntry.cpp" line="+185"/>
        <source>not a NetPulse cache file</source>
        <translation>keine Cache-Datei von NetPulse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>written by a newer NetPulse (format version above %1)</source>
        <translation>von einem neueren NetPulse geschrieben (Formatversion über %1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>checksum mismatch</source>
        <translation>Prüfsumme stimmt nicht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unreadable metadata</source>
        <translation>unlesbare Metadaten</translation>
    </message>
</context>
<context>
    <name>NetPulse::CertificateProblems</name>
    <message>
        <location filename="../../core/probe/CertificateProblems.cpp" line="+71"/>
        <source>the certificate expired on %1 (today)</source>
        <translation>das Zertifikat ist am %1 abgelaufen (heute)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the certificate expired on %1 (yesterday)</source>
        <translation>das Zertifikat ist am %1 abgelaufen (gestern)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the certificate expired on %1 (%2 days ago)</source>
        <translation>das Zertifikat ist am %1 abgelaufen (vor %2 Tagen)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the certificate is not valid before %1 (or this machine&apos;s clock is wrong)</source>
        <translation>das Zertifikat gilt erst ab %1 (oder die Uhr dieses Rechners geht falsch)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the certificate has been revoked</source>
        <translation>das Zertifikat wurde widerrufen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the certificate is for %1, not %2</source>
        <translation>das Zertifikat gilt für %1, nicht für %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the server does not send the certificate that issued its own (%1), and this machine does not have it</source>
        <translation>der Server schickt das Zertifikat nicht mit, das sein eigenes ausgestellt hat (%1), und dieser Rechner hat es nicht</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+9"/>
        <source>its chain ends at %1, which this machine does not trust</source>
        <translation>seine Kette endet bei %1, dem dieser Rechner nicht vertraut</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the certificate is self-signed: nothing vouches for it</source>
        <translation>das Zertifikat ist selbstsigniert: niemand bürgt dafür</translation>
    </message>
</context>
<context>
    <name>NetPulse::CheckedSpinBox</name>
    <message>
        <location filename="../../ui/CheckedSpinBox.cpp" line="+38"/>
        <source>%1 is below the minimum: set to %2.</source>
        <translation>%1 liegt unter dem Minimum: auf %2 gesetzt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is above the maximum: set to %2.</source>
        <translation>%1 liegt über dem Maximum: auf %2 gesetzt.</translation>
    </message>
</context>
<context>
    <name>NetPulse::DashboardView</name>
    <message>
        <location filename="../../ui/DashboardView.cpp" line="+85"/>
        <source>Failures by kind</source>
        <translation>Fehler nach Art</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Failing</source>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Uptime:</source>
        <translation>Verfügbarkeit:</translation>
    </message>
    <message>
        <location line="+313"/>
        <source>No history is kept, and no checks yet.</source>
        <translation>Es wird kein Verlauf geführt, und noch keine Prüfungen.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1 of %n check(s) up, this session (no history is kept)</source>
        <translation>
            <numerusform>%1 von %n Prüfung erfolgreich, diese Sitzung (kein Verlauf geführt)</numerusform>
            <numerusform>%1 von %n Prüfungen erfolgreich, diese Sitzung (kein Verlauf geführt)</numerusform>
        </translation>
    </message>
    <message>
        <location line="-313"/>
        <source>Latency p50 / p95 / p99:</source>
        <translation>Latenz p50 / p95 / p99:</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Failed below HTTP</source>
        <translation>Fehler unter HTTP</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+163"/>
        <source>HTTP error</source>
        <translation>HTTP-Fehler</translation>
    </message>
    <message>
        <location line="-118"/>
        <source>Range:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Outages:</source>
        <translation>Ausfälle:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Elsewhere:</source>
        <translation>Anderswo:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last request</source>
        <translation>Letzte Anfrage</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+90"/>
        <source>Latency over the range</source>
        <translation>Latenz im Zeitraum</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Chart as a table…</source>
        <translation>Diagramm als Tabelle…</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Latency over the range, as a table</source>
        <translation>Latenz im Zeitraum, als Tabelle</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From</source>
        <translation>Ab</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Slowest successful check</source>
        <translation>Langsamste erfolgreiche Prüfung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>below HTTP</source>
        <translation>unter HTTP</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Latency (ok)</source>
        <translation>Latenz (ok)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Not read (File ▸ Vantage points…)</source>
        <translation>Nicht gelesen (Datei ▸ Messpunkte…)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not known: %1</source>
        <translation>Nicht bekannt: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No other vantage point watches this URL</source>
        <translation>Kein anderer Messpunkt beobachtet diese URL</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: %2, %3 ago</source>
        <translation>%1: %2, vor %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2, %3 ago (stale: not counted)</source>
        <translation>%1: %2, vor %3 (veraltet: nicht gezählt)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No endpoint selected</source>
        <translation>Kein Endpunkt ausgewählt</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>No checks in this range yet.</source>
        <translation>Noch keine Prüfungen in diesem Zeitraum.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message numerus="yes">
        <location line="-48"/>
        <source>%1 of %n check(s) up</source>
        <translation>
            <numerusform>%1 von %n Prüfung erfolgreich</numerusform>
            <numerusform>%1 von %n Prüfungen erfolgreich</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>older days from hourly summaries</source>
        <translation>ältere Tage aus stündlichen Zusammenfassungen</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>%1, for %2%3 · %4</source>
        <translation>%1, für %2%3 · %4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (ongoing)</source>
        <translation> (dauert an)</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>and %n earlier one(s)</source>
        <translation>
            <numerusform>und %n früherer</numerusform>
            <numerusform>und %n frühere</numerusform>
        </translation>
    </message>
    <message>
        <location line="+115"/>
        <source>No checks in this range.</source>
        <translation>Keine Prüfungen in diesem Zeitraum.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slowest successful check %1; failures in %2 of %3 time columns. &quot;Chart as a table…&quot; lists them.</source>
        <translation>Langsamste erfolgreiche Prüfung %1; Fehler in %2 von %3 Zeitspalten. „Diagramm als Tabelle…“ listet sie auf.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Slow above %1</source>
        <translation>Langsam über %1</translation>
    </message>
</context>
<context>
    <name>NetPulse::DataView</name>
    <message>
        <location filename="../../ui/DataView.cpp" line="+36"/>
        <source>Response body</source>
        <translation>Antwortinhalt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The failing response&apos;s headers and body</source>
        <translation>Header und Inhalt der fehlerhaften Antwort</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+69"/>
        <source>No data yet.</source>
        <translation>Noch keine Daten.</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>
… (%1 more bytes not shown)</source>
        <translation>
… (%1 weitere Bytes nicht angezeigt)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>from the cache, not yet confirmed</source>
        <translation>aus dem Cache, noch nicht bestätigt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No data: the last check failed (%1) and no earlier good answer was kept.</source>
        <translation>Keine Daten: Die letzte Prüfung schlug fehl (%1), und es wurde keine frühere gute Antwort aufbewahrt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The failing response itself (HTTP %1):</source>
        <translation>Die fehlerhafte Antwort selbst (HTTP %1):</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Showing data from %1 — %2 ago (%3)</source>
        <translation>Daten von %1 — vor %2 (%3)</translation>
    </message>
</context>
<context>
    <name>NetPulse::DemoService</name>
    <message>
        <location filename="../../app/DemoService.cpp" line="+21"/>
        <source>the demo server printed something unexpected: %1</source>
        <translation>der Demo-Server hat etwas Unerwartetes ausgegeben: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot start %1: %2</source>
        <translation>%1 lässt sich nicht starten: %2</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Demo: flapping service</source>
        <translation>Demo: wechselhafter Dienst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo: healthy JSON</source>
        <translation>Demo: gesundes JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo: 503 with Retry-After</source>
        <translation>Demo: 503 mit Retry-After</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo: self-signed TLS</source>
        <translation>Demo: selbstsigniertes TLS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo: body cut by a reset</source>
        <translation>Demo: Inhalt durch Reset abgeschnitten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo: not HTTP</source>
        <translation>Demo: kein HTTP</translation>
    </message>
</context>
<context>
    <name>NetPulse::Duration</name>
    <message>
        <location filename="../../core/base/Duration.cpp" line="+23"/>
        <location line="+4"/>
        <location line="+3"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointFile</name>
    <message>
        <location filename="../../core/endpoints/EndpointFile.cpp" line="+59"/>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>%1 is %2; expected a number</source>
        <translation>%1 ist %2; erwartet wird eine Zahl</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not a whole number</source>
        <translation>%1 ist keine ganze Zahl</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is below the minimum %2</source>
        <translation>%1 liegt unter dem Minimum %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is above the maximum %2</source>
        <translation>%1 liegt über dem Maximum %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 is %2; expected true or false</source>
        <translation>%1 ist %2; erwartet wird true oder false</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+24"/>
        <location line="+202"/>
        <source>%1 is %2; expected a string</source>
        <translation>%1 ist %2; erwartet wird ein Text</translation>
    </message>
    <message>
        <location line="-210"/>
        <source>&quot;%1&quot; is not an HTTP method</source>
        <translation>„%1“ ist keine HTTP-Methode</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>is *** (a secret left out when the file was exported): fill it in</source>
        <translation>ist *** (ein beim Export ausgelassenes Geheimnis): bitte ausfüllen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is %2; expected an object of names and values</source>
        <translation>%1 ist %2; erwartet wird ein Objekt aus Namen und Werten</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&quot;%1&quot; is not full, equal, decorrelated or none</source>
        <translation>„%1“ ist weder full, equal, decorrelated noch none</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 is %2; expected an object of checks</source>
        <translation>%1 ist %2; erwartet wird ein Objekt mit Prüfungen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>unknown field, ignored</source>
        <translation>unbekanntes Feld, ignoriert</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a string</source>
        <translation>ein Text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a boolean</source>
        <translation>ein Wahrheitswert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an array</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <location line="+62"/>
        <location line="+160"/>
        <source>the file is %1 bytes; at most %2 are read</source>
        <translation>die Datei hat %1 Bytes; gelesen werden höchstens %2</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>not valid JSON: %1</source>
        <translation>kein gültiges JSON: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the file must hold one JSON object with &quot;version&quot; and &quot;endpoints&quot;</source>
        <translation>die Datei muss ein JSON-Objekt mit „version“ und „endpoints“ enthalten</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&quot;version&quot;: %1 is missing</source>
        <translation>„version“: %1 fehlt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is not a version this NetPulse reads (it reads %2)</source>
        <translation>%1 ist keine Version, die dieses NetPulse liest (es liest %2)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 is %2; expected an object</source>
        <translation>%1 ist %2; erwartet wird ein Objekt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;endpoints&quot; is missing</source>
        <translation>„endpoints“ fehlt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is %2; expected an array</source>
        <translation>%1 ist %2; erwartet wird eine Liste</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>endpoint %1</source>
        <translation>Endpunkt %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is %2; expected an object with at least &quot;url&quot;</source>
        <translation>%1 ist %2; erwartet wird ein Objekt mit mindestens „url“</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&quot;url&quot; is missing</source>
        <translation>„url“ fehlt</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>has *** for a secret (left out when exported): fill it in</source>
        <translation>enthält *** für ein Geheimnis (beim Export ausgelassen): bitte ausfüllen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;%1&quot; is also the endpoint at line %2; every endpoint needs its own name</source>
        <translation>„%1“ ist auch der Endpunkt in Zeile %2; jeder Endpunkt braucht einen eigenen Namen</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>is a folder, not a file</source>
        <translation>ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>is not a regular file</source>
        <translation>ist keine reguläre Datei</translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointList</name>
    <message>
        <location filename="../../core/endpoints/EndpointList.cpp" line="+121"/>
        <source>no endpoint at row %1</source>
        <translation>kein Endpunkt in Zeile %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>another endpoint is already called &quot;%1&quot;</source>
        <translation>ein anderer Endpunkt heißt bereits „%1“</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>(from the history)</source>
        <translation>(aus dem Verlauf)</translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointListModel</name>
    <message>
        <location filename="../../ui/EndpointListModel.cpp" line="+70"/>
        <source>Only here · %1</source>
        <translation>Nur von hier · %1</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>retrying</source>
        <translation>wiederholt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>up</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not checked</source>
        <translation>ungeprüft</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n down</source>
        <translation>
            <numerusform>%n ausgefallen</numerusform>
            <numerusform>%n ausgefallen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n retrying</source>
        <translation>
            <numerusform>%n wiederholt</numerusform>
            <numerusform>%n wiederholen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n offline</source>
        <translation>
            <numerusform>%n offline</numerusform>
            <numerusform>%n offline</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n up</source>
        <translation>
            <numerusform>%n erreichbar</numerusform>
            <numerusform>%n erreichbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n not checked</source>
        <translation>
            <numerusform>%n ungeprüft</numerusform>
            <numerusform>%n ungeprüft</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+28"/>
        <source>Checking…</source>
        <translation>Prüfe…</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Not started</source>
        <translation>Nicht gestartet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Slow · %1</source>
        <translation>Langsam · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recovered · %1</source>
        <translation>Wieder da · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up · %1</source>
        <translation>Erreichbar · %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Retrying now</source>
        <translation>Neuer Versuch läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retrying in %1</source>
        <translation>Neuer Versuch in %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Down for %1</source>
        <translation>Seit %1 ausgefallen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Down</source>
        <translation>Ausgefallen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Offline: this machine has no network</source>
        <translation>Offline: Dieser Rechner hat kein Netz</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>flapping</source>
        <translation>wechselhaft</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Uptime over the last 24 hours: %1.</source>
        <translation>Verfügbarkeit in den letzten 24 Stunden: %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last checks: %1 ok, %2 slow, %3 failed.</source>
        <translation>Letzte Prüfungen: %1 ok, %2 langsam, %3 fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointMerge</name>
    <message numerus="yes">
        <location filename="../../core/endpoints/EndpointMerge.cpp" line="+25"/>
        <source>%n more</source>
        <translation>
            <numerusform>%n weiterer</numerusform>
            <numerusform>%n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%n added (%1)</source>
        <translation>
            <numerusform>%n hinzugefügt (%1)</numerusform>
            <numerusform>%n hinzugefügt (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n changed (%1)</source>
        <translation>
            <numerusform>%n geändert (%1)</numerusform>
            <numerusform>%n geändert (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n removed (%1)</source>
        <translation>
            <numerusform>%n entfernt (%1)</numerusform>
            <numerusform>%n entfernt (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unverändert</numerusform>
            <numerusform>%n unverändert</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>demo endpoints renamed to make room: %1</source>
        <translation>Demo-Endpunkte umbenannt, um Platz zu machen: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n skipped, kept by the followed file (%1)</source>
        <translation>
            <numerusform>%n übersprungen, gehört der beobachteten Datei (%1)</numerusform>
            <numerusform>%n übersprungen, gehören der beobachteten Datei (%1)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no endpoints</source>
        <translation>keine Endpunkte</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointSettingsDialog</name>
    <message>
        <location filename="../../ui/EndpointSettingsDialog.cpp" line="+49"/>
        <source>Endpoint settings</source>
        <translation>Endpunkt-Einstellungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+2"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Full</source>
        <translation>Voll</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Equal</source>
        <translation>Gleichmäßig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decorrelated</source>
        <translation>Dekorreliert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <translation>Kein</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Name: value, one per line</source>
        <translation>Name: Wert, einer pro Zeile</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Accept certificates that fail verification (insecure)</source>
        <translation>Zertifikate akzeptieren, die die Prüfung nicht bestehen (unsicher)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retry POST and PATCH too</source>
        <translation>Auch POST und PATCH wiederholen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>While it refuses or its name does not resolve, try the port (or name) every second and check at once when it answers</source>
        <translation>Solange er ablehnt oder sein Name sich nicht auflöst, jede Sekunde den Port (oder Namen) versuchen und sofort prüfen, wenn er antwortet</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check &amp;every:</source>
        <translation>Prüfen &amp;alle:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeout (no progress):</source>
        <translation>&amp;Zeitlimit (ohne Fortschritt):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Deadline (total):</source>
        <translation>&amp;Frist (gesamt):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body &amp;limit:</source>
        <translation>Inhalts&amp;grenze:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Retries per failure:</source>
        <translation>&amp;Wiederholungen pro Fehler:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First retry &amp;after:</source>
        <translation>Erste Wiederholung &amp;nach:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest retry &amp;delay:</source>
        <translation>Längste &amp;Wartezeit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delay &amp;growth:</source>
        <translation>Wartezeit-&amp;Zuwachs:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Jitter:</source>
        <translation>&amp;Jitter:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check every, once &amp;down:</source>
        <translation>Prüfen alle, wenn &amp;ausgefallen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Slow above:</source>
        <translation>&amp;Langsam über:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Headers:</source>
        <translation>&amp;Header:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send its failures to the reports and alerts (Notifications menu)</source>
        <translation>Seine Fehler an Berichte und Alarme senden (Menü Benachrichtigungen)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This is a demo endpoint: it is not saved, because the demo&apos;s ports change every run. To keep it, add its URL as a new endpoint.</source>
        <translation>Dies ist ein Demo-Endpunkt: Er wird nicht gespeichert, weil sich die Ports der Demo bei jedem Start ändern. Um ihn zu behalten, fügen Sie seine URL als neuen Endpunkt hinzu.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>any 2xx or 3xx; or e.g. 200, 204-206</source>
        <translation>jeder 2xx oder 3xx; oder z. B. 200, 204-206</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text the body must contain</source>
        <translation>Text, den der Inhalt enthalten muss</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. http://localhost:3000: would a browser page there get the answer?</source>
        <translation>z. B. http://localhost:3000: bekäme eine Browserseite dort die Antwort?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text the body must not contain</source>
        <translation>Text, den der Inhalt nicht enthalten darf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a regular expression the body must match</source>
        <translation>ein regulärer Ausdruck, auf den der Inhalt passen muss</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Content-Type: json (the value must contain the text)</source>
        <translation>Content-Type: json (der Wert muss den Text enthalten)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>no check</source>
        <translation>keine Prüfung</translation>
    </message>
    <message>
        <location line="-5"/>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Checks on every answer the server gives successfully. The first that fails makes the check fail (&quot;check failed&quot;) and says what it saw. Empty fields check nothing.</source>
        <translation>Prüfungen jeder Antwort, die der Server erfolgreich gibt. Die erste, die scheitert, lässt die Prüfung fehlschlagen („Prüfung fehlgeschlagen“) und sagt, was sie gesehen hat. Leere Felder prüfen nichts.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Status codes:</source>
        <translation>&amp;Statuscodes:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body &amp;contains:</source>
        <translation>Inhalt &amp;enthält:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body does &amp;not contain:</source>
        <translation>Inhalt enthält &amp;nicht:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body &amp;matches:</source>
        <translation>Inhalt &amp;passt auf:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;JSON value:</source>
        <translation>&amp;JSON-Wert:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>H&amp;eader:</source>
        <translation>H&amp;eader:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate valid &amp;for:</source>
        <translation>Zertifikat gültig &amp;für:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slower than this &amp;fails:</source>
        <translation>Langsamer als das &amp;scheitert:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Called from a pa&amp;ge:</source>
        <translation>Aufgerufen von einer Sei&amp;te:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Watching</source>
        <translation>&amp;Überwachung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chec&amp;ks</source>
        <translation>Prü&amp;fungen</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>URL: %1</source>
        <translation>URL: %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Called from a page: %1</source>
        <translation>Aufgerufen von einer Seite: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Status codes: %1</source>
        <translation>Statuscodes: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Body matches: not a regular expression (%1)</source>
        <translation>Inhalt passt auf: kein regulärer Ausdruck (%1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>JSON value: start with a path such as /status</source>
        <translation>JSON-Wert: Beginnen Sie mit einem Pfad wie /status</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Headers: %1</source>
        <translation>Header: %1</translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointSidebar</name>
    <message>
        <location filename="../../ui/EndpointSidebar.cpp" line="+34"/>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the URL typed above as a new endpoint</source>
        <translation>Die oben eingegebene URL als neuen Endpunkt hinzufügen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected endpoint (Delete; Ctrl+Z brings it back)</source>
        <translation>Den ausgewählten Endpunkt entfernen (Entf; Strg+Z holt ihn zurück)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Show only these endpoints; press again to show all</source>
        <translation>Nur diese Endpunkte zeigen; erneut drücken zeigt alle</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Filter endpoints</source>
        <translation>Endpunkte filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter…</source>
        <translation>Filtern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows the endpoints whose name, URL, state or failure has every word typed (Ctrl+F)</source>
        <translation>Zeigt die Endpunkte, deren Name, URL, Zustand oder Fehler jedes eingegebene Wort enthält (Strg+F)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Order of the endpoints</source>
        <translation>Reihenfolge der Endpunkte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List order</source>
        <translation>Listenfolge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worst first</source>
        <translation>Schlimmste zuerst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By name</source>
        <translation>Nach Name</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+161"/>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <location line="-160"/>
        <source>Move the selected endpoint up</source>
        <translation>Ausgewählten Endpunkt nach oben verschieben</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+157"/>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <location line="-156"/>
        <source>Move the selected endpoint down</source>
        <translation>Ausgewählten Endpunkt nach unten verschieben</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Endpo&amp;ints</source>
        <translation>E&amp;ndpunkte</translation>
    </message>
    <message>
        <location line="+144"/>
        <source> (in the list&apos;s order, without a filter)</source>
        <translation> (in der Listenfolge, ohne Filter)</translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointStore</name>
    <message>
        <location filename="../../core/endpoints/EndpointStore.cpp" line="+37"/>
        <source>endpoint &apos;%1&apos;: %2 &apos;%3&apos; is not between %4 and %5; using %6</source>
        <translation>Endpunkt &apos;%1&apos;: %2 &apos;%3&apos; liegt nicht zwischen %4 und %5; verwende %6</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>endpoint &apos;%1&apos; skipped: %2</source>
        <translation>Endpunkt &apos;%1&apos; übersprungen: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>endpoint &apos;%1&apos;: method &apos;%2&apos; is not valid; using GET</source>
        <translation>Endpunkt &apos;%1&apos;: Methode &apos;%2&apos; ist ungültig; verwende GET</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>endpoint &apos;%1&apos;: %2; header dropped</source>
        <translation>Endpunkt &apos;%1&apos;: %2; Header verworfen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>endpoint &apos;%1&apos;: %2; page origin dropped</source>
        <translation>Endpunkt „%1“: %2; Seitenherkunft verworfen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>endpoint &apos;%1&apos;: jitter &apos;%2&apos; is unknown; using full</source>
        <translation>Endpunkt &apos;%1&apos;: Jitter &apos;%2&apos; ist unbekannt; verwende full</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>endpoint &apos;%1&apos;: checks not usable (%2: %3); none applied</source>
        <translation>Endpunkt &apos;%1&apos;: Prüfungen nicht nutzbar (%2: %3); keine angewendet</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>endpoint &apos;%1&apos;: %2; using the default timing settings</source>
        <translation>Endpunkt &apos;%1&apos;: %2; verwende die Standard-Zeiteinstellungen</translation>
    </message>
</context>
<context>
    <name>NetPulse::EventLogModel</name>
    <message>
        <location filename="../../ui/EventLogModel.cpp" line="+16"/>
        <location line="+16"/>
        <source>Idle</source>
        <translation>Untätig</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Checking</source>
        <translation>Prüft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Up</source>
        <translation>Erreichbar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Degraded</source>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retrying</source>
        <translation>Erneuter Versuch</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Down</source>
        <translation>Ausgefallen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next</source>
        <translation>Als Nächstes</translation>
    </message>
    <message>
        <location line="+39"/>
        <location filename="../../ui/EventLogPage.cpp" line="+64"/>
        <source>attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../ui/EventLogPage.cpp" line="+0"/>
        <source>notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../ui/EventLogPage.cpp" line="+0"/>
        <source>state</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>NetPulse::EventLogPage</name>
    <message>
        <location filename="../../ui/EventLogPage.cpp" line="-26"/>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Copy rows</source>
        <translation>Zeilen &amp;kopieren</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>E&amp;xport</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>JSON &amp;Lines…</source>
        <translation>JSON-&amp;Zeilen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CS&amp;V…</source>
        <translation>CS&amp;V…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sho&amp;w:</source>
        <translation>Ze&amp;igen:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the kind</source>
        <translation>Art anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the endpoint</source>
        <translation>Endpunkt anzeigen</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+5"/>
        <source>Export event log</source>
        <translation>Ereignisprotokoll exportieren</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON-Zeilen (*.jsonl)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>All endpoints</source>
        <translation>Alle Endpunkte</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The selected endpoint</source>
        <translation>Der ausgewählte Endpunkt</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Could not export the log to %1: %2</source>
        <translation>Das Protokoll ließ sich nicht nach %1 exportieren: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Exported %n event(s) to %1</source>
        <translation>
            <numerusform>%n Ereignis nach %1 exportiert</numerusform>
            <numerusform>%n Ereignisse nach %1 exportiert</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::FailureKind</name>
    <message>
        <location filename="../../core/kinds/FailureKind.cpp" line="+135"/>
        <source>the server</source>
        <translation>der Server</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The service answered with a complete, successful response.</source>
        <translation>Der Dienst hat vollständig und erfolgreich geantwortet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing is listening at %1.</source>
        <translation>Unter %1 nimmt niemand Verbindungen an.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Is the server running, and on this port?</source>
        <translation>Läuft der Server, und auf diesem Port?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host not found</source>
        <translation>Host nicht gefunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name in the URL could not be resolved to an address.</source>
        <translation>Der Name in der URL ließ sich in keine Adresse auflösen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the host name for typos, and that DNS (or /etc/hosts) knows it.</source>
        <translation>Prüfen Sie den Hostnamen auf Tippfehler und ob DNS (oder /etc/hosts) ihn kennt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No answer to connect</source>
        <translation>Keine Antwort auf den Verbindungsaufbau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 did not answer the connection attempt in time.</source>
        <translation>%1 hat auf den Verbindungsversuch nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Is a firewall dropping packets, or is the host down or overloaded?</source>
        <translation>Verwirft eine Firewall Pakete, oder ist der Host aus oder überlastet?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server not responding</source>
        <translation>Server antwortet nicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected to %1 and sent the request, but no complete response headers came back in time.</source>
        <translation>Mit %1 verbunden und die Anfrage gesendet, aber es kamen nicht rechtzeitig vollständige Antwort-Header zurück.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server may be stuck or overloaded: check its logs and worker pool.</source>
        <translation>Der Server hängt vielleicht oder ist überlastet: Prüfen Sie seine Logs und seine Worker.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer stalled</source>
        <translation>Übertragung stockt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server started answering, then the body stopped arriving.</source>
        <translation>Der Server begann zu antworten, dann kam vom Inhalt nichts mehr an.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server or something between may be stuck mid-response; check its logs.</source>
        <translation>Der Server oder etwas dazwischen hängt vielleicht mitten in der Antwort; prüfen Sie seine Logs.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection closed early</source>
        <translation>Verbindung zu früh geschlossen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 closed or reset the connection before the response was complete.</source>
        <translation>%1 hat die Verbindung geschlossen oder zurückgesetzt, bevor die Antwort vollständig war.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server may have crashed or restarted mid-request; check its logs.</source>
        <translation>Der Server ist während der Anfrage vielleicht abgestürzt oder neu gestartet; prüfen Sie seine Logs.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>TLS failure</source>
        <translation>TLS-Fehler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The secure connection to %1 could not be established or trusted.</source>
        <translation>Die sichere Verbindung zu %1 ließ sich nicht aufbauen oder ist nicht vertrauenswürdig.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the certificate (expiry, host name, issuer) and that the port speaks TLS.</source>
        <translation>Prüfen Sie das Zertifikat (Ablauf, Hostname, Aussteller) und ob der Port TLS spricht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Request rejected</source>
        <translation>Anfrage abgelehnt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server answered, but refused this request (HTTP 4xx).</source>
        <translation>Der Server hat geantwortet, diese Anfrage aber abgelehnt (HTTP 4xx).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the URL path, method, headers and credentials.</source>
        <translation>Prüfen Sie Pfad, Methode, Header und Zugangsdaten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rate limited</source>
        <translation>Zu viele Anfragen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is asking us to slow down (HTTP 429).</source>
        <translation>Der Server bittet darum, seltener zu fragen (HTTP 429).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probe less often, or wait for the time the server asks (Retry-After).</source>
        <translation>Prüfen Sie seltener, oder warten Sie die Zeit ab, die der Server verlangt (Retry-After).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server error</source>
        <translation>Serverfehler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server answered with an error of its own (HTTP 5xx).</source>
        <translation>Der Server hat mit einem eigenen Fehler geantwortet (HTTP 5xx).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is up but failing: its response body and logs usually say why.</source>
        <translation>Der Server läuft, versagt aber: Antworttext und Logs sagen meist, warum.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Redirect loop</source>
        <translation>Weiterleitungsschleife</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server kept redirecting without ever reaching a final answer.</source>
        <translation>Der Server hat immer weiter umgeleitet, ohne je eine endgültige Antwort zu geben.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the server&apos;s redirect rules (often http/https or trailing-slash rules).</source>
        <translation>Prüfen Sie die Umleitungsregeln des Servers (oft http/https oder der Schrägstrich am Ende).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not HTTP</source>
        <translation>Kein HTTP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something at %1 answered, but not with HTTP.</source>
        <translation>Unter %1 hat etwas geantwortet, aber nicht mit HTTP.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Is this the right port? It may belong to another service, or need https.</source>
        <translation>Ist das der richtige Port? Er gehört vielleicht zu einem anderen Dienst oder braucht https.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Response too large</source>
        <translation>Antwort zu groß</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The response body went past the size limit, so it was cut off.</source>
        <translation>Der Antworttext überschritt die Größengrenze und wurde abgeschnitten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raise the body limit if this size is expected, or check for a runaway response.</source>
        <translation>Erhöhen Sie die Grenze, wenn diese Größe normal ist, oder suchen Sie nach einer ausufernden Antwort.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This machine is offline</source>
        <translation>Dieser Rechner ist offline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This computer has no usable network, so the server was not tried.</source>
        <translation>Dieser Computer hat kein nutzbares Netz, daher wurde der Server nicht versucht.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check your own network connection (Wi-Fi, cable, VPN).</source>
        <translation>Prüfen Sie Ihre eigene Netzverbindung (WLAN, Kabel, VPN).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy failure</source>
        <translation>Proxy-Fehler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy between us and the server failed or refused the request.</source>
        <translation>Der Proxy zwischen uns und dem Server ist ausgefallen oder hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the proxy address, that it is running, and its credentials.</source>
        <translation>Prüfen Sie die Proxy-Adresse, ob er läuft, und seine Zugangsdaten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invalid URL</source>
        <translation>Ungültige URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The URL cannot be probed, so nothing was sent.</source>
        <translation>Diese URL lässt sich nicht prüfen, daher wurde nichts gesendet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix the URL: it needs http:// or https://, a host, and a valid port.</source>
        <translation>Korrigieren Sie die URL: Sie braucht http:// oder https://, einen Host und einen gültigen Port.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The probe was stopped before it finished.</source>
        <translation>Die Prüfung wurde vor ihrem Ende gestoppt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+16"/>
        <source>Network error</source>
        <translation>Netzwerkfehler</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>The request failed with an error that fits no other category.</source>
        <translation>Die Anfrage scheiterte mit einem Fehler, der in keine andere Kategorie passt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>See the technical detail below.</source>
        <translation>Siehe die technischen Details unten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check failed</source>
        <translation>Prüfung fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server answered, but the answer failed one of this endpoint&apos;s checks.</source>
        <translation>Der Server hat geantwortet, aber die Antwort hat eine der Prüfungen dieses Endpunkts nicht bestanden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare what was seen with what the check expects: the service, or the check, is wrong.</source>
        <translation>Vergleichen Sie, was gesehen wurde, mit dem, was die Prüfung erwartet: Entweder der Dienst oder die Prüfung ist falsch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NetPulse was too busy to check in time</source>
        <translation>NetPulse war zu beschäftigt, um rechtzeitig zu prüfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The check was held up inside NetPulse, twice: this says nothing about %1, and its state, retries and uptime are unchanged.</source>
        <translation>Die Prüfung wurde zweimal in NetPulse selbst aufgehalten: Das sagt nichts über %1; Zustand, Wiederholungen und Verfügbarkeit bleiben unverändert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If this recurs, watch fewer endpoints or less often, give NetPulse more probe threads (--probe-threads), or look for what keeps this machine busy.</source>
        <translation>Wenn das wieder vorkommt: weniger Endpunkte oder seltener prüfen, NetPulse mehr Prüf-Threads geben (--probe-threads) oder nachsehen, was diesen Rechner auslastet.</translation>
    </message>
    <message>
        <location filename="../../core/probe/ProbeResult.cpp" line="+30"/>
        <source>Redirect not followed</source>
        <translation>Weiterleitung nicht gefolgt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 redirected to a %2: URL (%3), which is not followed: only http and https are.</source>
        <translation>%1 leitete auf eine %2:-URL weiter (%3), der nicht gefolgt wird: nur http und https.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fix the redirect on the server, or watch the URL it should lead to.</source>
        <translation>Korrigieren Sie die Weiterleitung auf dem Server oder überwachen Sie die URL, zu der sie führen soll.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 redirected to %2. %3</source>
        <translation>%1 leitete auf %2 weiter. %3</translation>
    </message>
    <message>
        <location line="+37"/>
        <location line="+13"/>
        <source>Self-signed certificate</source>
        <translation>Selbstsigniertes Zertifikat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 presented a self-signed certificate: nothing vouches for it, so it is not trusted.</source>
        <translation>%1 hat ein selbstsigniertes Zertifikat vorgelegt: Niemand bürgt dafür, daher wird ihm nicht vertraut.</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+18"/>
        <source>If this is your own server, accept its certificate for this endpoint: Settings, &quot;Accept certificates that fail verification&quot; (--insecure).</source>
        <translation>Wenn das Ihr eigener Server ist, akzeptieren Sie sein Zertifikat für diesen Endpunkt: Einstellungen, „Zertifikate akzeptieren, die die Prüfung nicht bestehen“ (--insecure).</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>%1 presented a certificate that is not trusted: %2.</source>
        <translation>%1 hat ein Zertifikat vorgelegt, dem nicht vertraut wird: %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Also: %1.</source>
        <translation>Außerdem: %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate expired</source>
        <translation>Zertifikat abgelaufen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Renew the server&apos;s certificate. Accepting it as it is would hide that it has expired.</source>
        <translation>Das Zertifikat des Servers erneuern. Es so zu akzeptieren würde verbergen, dass es abgelaufen ist.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Certificate not valid yet</source>
        <translation>Zertifikat noch nicht gültig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check this machine&apos;s clock, then the certificate&apos;s dates.</source>
        <translation>Die Uhr dieses Rechners prüfen, dann die Daten des Zertifikats.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate for another name</source>
        <translation>Zertifikat für einen anderen Namen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serve a certificate for this name, or watch the name the certificate is for.</source>
        <translation>Ein Zertifikat für diesen Namen ausliefern, oder den Namen beobachten, für den das Zertifikat gilt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Incomplete certificate chain</source>
        <translation>Unvollständige Zertifikatskette</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configure the server to send its full chain: its own certificate and every intermediate one.</source>
        <translation>Den Server so einrichten, dass er die ganze Kette schickt: sein eigenes Zertifikat und jedes Zwischenzertifikat.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Untrusted certificate</source>
        <translation>Nicht vertrauenswürdiges Zertifikat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>If the issuer is your organisation&apos;s, add its root to this machine&apos;s trusted certificates.</source>
        <translation>Wenn der Aussteller zur eigenen Organisation gehört, dessen Wurzelzertifikat zu den vertrauenswürdigen Zertifikaten dieses Rechners hinzufügen.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Proxy asks for credentials</source>
        <translation>Proxy verlangt Zugangsdaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy at %1 asks for credentials (HTTP 407); the request did not reach %2.</source>
        <translation>Der Proxy unter %1 verlangt Zugangsdaten (HTTP 407); die Anfrage hat %2 nicht erreicht.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Put the proxy&apos;s user and password in the proxy URL (http://user:password@host:port).</source>
        <translation>Benutzer und Passwort des Proxys in die Proxy-URL schreiben (http://benutzer:passwort@host:port).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing is listening at the proxy&apos;s address %1: the request never reached %2.</source>
        <translation>An der Adresse des Proxys %1 lauscht nichts: die Anfrage hat %2 nie erreicht.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The proxy at %1 failed or refused the request; %2 was not reached.</source>
        <translation>Der Proxy unter %1 ist gescheitert oder hat die Anfrage abgelehnt; %2 wurde nicht erreicht.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>this machine&apos;s DNS server</source>
        <translation>der DNS-Server dieses Rechners</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The DNS server %1 says %2 does not exist.</source>
        <translation>Der DNS-Server %1 sagt, dass es %2 nicht gibt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The DNS server %1 failed to answer for %2 (server failure): the name may be fine; its DNS is failing.</source>
        <translation>Der DNS-Server %1 konnte für %2 nicht antworten (Serverfehler): der Name kann stimmen; sein DNS versagt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service may be fine. Check the DNS: this machine&apos;s server, or the servers of the name&apos;s domain.</source>
        <translation>Der Dienst kann in Ordnung sein. Das DNS prüfen: den Server dieses Rechners oder die Server der Domain des Namens.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The DNS server %1 refused to answer for %2.</source>
        <translation>Der DNS-Server %1 hat die Antwort für %2 verweigert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service may be fine. Check this machine&apos;s DNS settings: the server does not serve this machine, or this name.</source>
        <translation>Der Dienst kann in Ordnung sein. Die DNS-Einstellungen dieses Rechners prüfen: der Server bedient diesen Rechner oder diesen Namen nicht.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No DNS server answered (%1): this machine&apos;s DNS is not working; the service may be fine.</source>
        <translation>Kein DNS-Server hat geantwortet (%1): das DNS dieses Rechners funktioniert nicht; der Dienst kann in Ordnung sein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check this machine&apos;s DNS: is the resolver running and reachable (VPN, network settings)?</source>
        <translation>Das DNS dieses Rechners prüfen: läuft der Resolver und ist er erreichbar (VPN, Netzwerkeinstellungen)?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The DNS server %1 knows %2, but has no address for it.</source>
        <translation>Der DNS-Server %1 kennt %2, hat aber keine Adresse dafür.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give the name an address record (A or AAAA), or check that this is the name the service answers on.</source>
        <translation>Dem Namen einen Adresseintrag geben (A oder AAAA), oder prüfen, ob der Dienst unter diesem Namen antwortet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The DNS server %1 has only an IPv6 address for %2, and this machine&apos;s lookup asks for IPv4 (it has no IPv6 address of its own to reach it from).</source>
        <translation>Der DNS-Server %1 hat für %2 nur eine IPv6-Adresse, und die Namensauflösung dieses Rechners fragt nach IPv4 (er hat keine eigene IPv6-Adresse, um sie zu erreichen).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give the name an IPv4 address (an A record), or give this machine IPv6.</source>
        <translation>Geben Sie dem Namen eine IPv4-Adresse (einen A-Eintrag) oder diesem Rechner IPv6.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 did not resolve, but the DNS server %2 answers for it when asked again: the failure passed, or this machine&apos;s own lookup (/etc/hosts, nsswitch) differs from DNS.</source>
        <translation>%1 wurde nicht aufgelöst, aber der DNS-Server %2 antwortet auf erneute Anfrage: der Fehler ist vorbei, oder die Namensauflösung dieses Rechners (/etc/hosts, nsswitch) weicht vom DNS ab.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nothing is listening at %1, on %2 or on %3.</source>
        <translation>Unter %1 lauscht nichts, weder auf %2 noch auf %3.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It answers on %1 only (%2 refused): clients that try %2 first are refused.</source>
        <translation>Er antwortet nur auf %1 (%2 abgelehnt): Clients, die zuerst %2 versuchen, werden abgelehnt.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Blocked for the page</source>
        <translation>Für die Seite blockiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server itself is up: it answered HTTP %1.</source>
        <translation>Der Server selbst läuft: er hat mit HTTP %1 geantwortet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Let the page&apos;s origin in: answer it with Access-Control-Allow-Origin (and, to a preflight, allow the method and headers it asks for); or call the endpoint through the page&apos;s own server.</source>
        <translation>Die Herkunft der Seite zulassen: mit Access-Control-Allow-Origin antworten (und einem Preflight die erfragte Methode und Header erlauben); oder den Endpunkt über den eigenen Server der Seite aufrufen.</translation>
    </message>
</context>
<context>
    <name>NetPulse::Gateway</name>
    <message>
        <location filename="../../core/probe/GatewayReading.cpp" line="+292"/>
        <source>A gateway</source>
        <translation>Ein Gateway</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the service behind it refused the connection</source>
        <translation>der Dienst dahinter hat die Verbindung abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the service behind it did not answer the connection attempt in time</source>
        <translation>der Dienst dahinter hat auf den Verbindungsversuch nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+22"/>
        <source>the service behind it did not answer in time</source>
        <translation>der Dienst dahinter hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>the service behind it closed or reset the connection before answering</source>
        <translation>der Dienst dahinter hat die Verbindung vor der Antwort geschlossen oder zurückgesetzt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the name of the service behind it could not be resolved</source>
        <translation>der Name des Dienstes dahinter konnte nicht aufgelöst werden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the service behind it answered, but not with valid HTTP</source>
        <translation>der Dienst dahinter hat geantwortet, aber nicht mit gültigem HTTP</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the secure connection to the service behind it failed</source>
        <translation>die sichere Verbindung zum Dienst dahinter ist gescheitert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the service behind it failed</source>
        <translation>der Dienst dahinter ist gescheitert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the service behind it refused the connection, reset it, failed the secure connection, or did not answer with valid HTTP</source>
        <translation>der Dienst dahinter hat die Verbindung abgelehnt, zurückgesetzt, die sichere Verbindung nicht zustande gebracht oder nicht mit gültigem HTTP geantwortet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it has no working server behind it (each is down, refusing, or failing its health check)</source>
        <translation>es hat keinen funktionierenden Server dahinter (jeder ist aus, lehnt ab oder besteht seine Zustandsprüfung nicht)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the service behind it closed the connection early or did not answer with valid HTTP</source>
        <translation>der Dienst dahinter hat die Verbindung zu früh geschlossen oder nicht mit gültigem HTTP geantwortet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it could not fetch the answer from the service behind it</source>
        <translation>es konnte die Antwort vom Dienst dahinter nicht holen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>reading the answer of the service behind it failed (reset, closed or too slow)</source>
        <translation>das Lesen der Antwort des Dienstes dahinter ist gescheitert (zurückgesetzt, geschlossen oder zu langsam)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it could not connect to the service behind it</source>
        <translation>es konnte keine Verbindung zum Dienst dahinter herstellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the service behind it could not be reached</source>
        <translation>der Dienst dahinter war nicht erreichbar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the service behind it gave an empty or unexpected answer</source>
        <translation>der Dienst dahinter hat leer oder unerwartet geantwortet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it failed itself, before or after the service behind it</source>
        <translation>es ist selbst gescheitert, vor oder nach dem Dienst dahinter</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it does not say what happened behind it</source>
        <translation>es sagt nicht, was dahinter geschehen ist</translation>
    </message>
    <message>
        <location filename="../../core/probe/ProbeResult.cpp" line="-137"/>
        <source>the gateway</source>
        <translation>das Gateway</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Failing behind a gateway</source>
        <translation>Fehler hinter einem Gateway</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failing behind %1</source>
        <translation>Fehler hinter %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 at %2 answered HTTP %3: %4.</source>
        <translation>%1 unter %2 hat mit HTTP %3 geantwortet: %4.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The gateway is up. Start the service behind it, or check the address and port %1 sends requests to.</source>
        <translation>Das Gateway läuft. Den Dienst dahinter starten oder Adresse und Port prüfen, an die %1 die Anfragen schickt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The gateway is up. Is the service behind it overloaded or stuck, or is %1&apos;s time limit shorter than it needs?</source>
        <translation>Das Gateway läuft. Ist der Dienst dahinter überlastet oder hängt er, oder ist das Zeitlimit von %1 kürzer als er braucht?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The gateway is up. Look at the service behind it, and at %1&apos;s error log for the reason.</source>
        <translation>Das Gateway läuft. Den Dienst dahinter ansehen, und im Fehlerprotokoll von %1 nach dem Grund suchen.</translation>
    </message>
</context>
<context>
    <name>NetPulse::HandOverServer</name>
    <message>
        <location filename="../../app/HandOver.cpp" line="+86"/>
        <source>the request was not a NetPulse command line</source>
        <translation>die Anfrage war keine NetPulse-Befehlszeile</translation>
    </message>
</context>
<context>
    <name>NetPulse::HistoryStore</name>
    <message>
        <location filename="../../core/history/HistoryStore.cpp" line="+148"/>
        <source>cannot create %1; history is kept in memory until NetPulse closes</source>
        <translation>%1 lässt sich nicht anlegen; der Verlauf bleibt im Speicher, bis NetPulse endet</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 is in use by another NetPulse (process %2); this one keeps its history in memory</source>
        <translation>%1 wird von einem anderen NetPulse benutzt (Prozess %2); dieses hält seinen Verlauf im Speicher</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>History is kept in memory for this session: %1 is locked by another program (%2); the file is left as it is</source>
        <translation>Der Verlauf wird für diese Sitzung im Speicher gehalten: %1 ist von einem anderen Programm gesperrt (%2); die Datei bleibt, wie sie ist</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 was written by a newer NetPulse (%2); it is left as it is and history is kept in memory</source>
        <translation>%1 wurde von einem neueren NetPulse geschrieben (%2); die Datei bleibt unverändert, der Verlauf bleibt im Speicher</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>cannot use %1 (%2); history is kept in memory until NetPulse closes</source>
        <translation>%1 ist nicht nutzbar (%2); der Verlauf bleibt im Speicher, bis NetPulse endet</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the SQLite driver for Qt is missing (Debian: libqt6sql6-sqlite)</source>
        <translation>der SQLite-Treiber für Qt fehlt (Debian: libqt6sql6-sqlite)</translation>
    </message>
    <message>
        <location line="+141"/>
        <source>%1 could not be read (%2): moved aside to %3 and a new history started</source>
        <translation>%1 war nicht lesbar (%2): nach %3 beiseitegelegt und ein neuer Verlauf begonnen</translation>
    </message>
    <message numerus="yes">
        <location line="+136"/>
        <source>History is written again: the %n attempt(s) kept meanwhile are in %1</source>
        <translation>
            <numerusform>Der Verlauf wird wieder geschrieben: der %n inzwischen gehaltene Versuch steht in %1</numerusform>
            <numerusform>Der Verlauf wird wieder geschrieben: die %n inzwischen gehaltenen Versuche stehen in %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+32"/>
        <source>History is kept in memory until %1 can be written again (%2)</source>
        <translation>Der Verlauf wird im Speicher gehalten, bis %1 wieder geschrieben werden kann (%2)</translation>
    </message>
    <message numerus="yes">
        <location line="-29"/>
        <source>; %n older row(s) could not be kept</source>
        <translation>
            <numerusform>; %n ältere Zeile konnte nicht gehalten werden</numerusform>
            <numerusform>; %n ältere Zeilen konnten nicht gehalten werden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::Limits</name>
    <message>
        <location filename="../../core/base/Limits.h" line="+97"/>
        <source>%1 must be between %2 and %3, not %4</source>
        <translation>%1 muss zwischen %2 und %3 liegen, nicht %4</translation>
    </message>
</context>
<context>
    <name>NetPulse::MainWindow</name>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="+76"/>
        <source>NetPulse</source>
        <translation>NetPulse</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>http://127.0.0.1:8080/health — Enter adds it as a new endpoint</source>
        <translation>http://127.0.0.1:8080/health — Eingabe fügt sie als neuen Endpunkt hinzu</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add</source>
        <translation>Hin&amp;zufügen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the URL as a new endpoint (Enter). For headers and timings: Endpoint ▸ Add with settings…</source>
        <translation>Die URL als neuen Endpunkt hinzufügen (Eingabe). Für Header und Zeiten: Endpunkt ▸ Mit Einstellungen hinzufügen…</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+409"/>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <location line="-407"/>
        <location line="+119"/>
        <source>Se&amp;ttings…</source>
        <translation>Einstellun&amp;gen…</translation>
    </message>
    <message>
        <location line="-117"/>
        <source>Name, URL, method, headers, timings, retries (Ctrl+,)</source>
        <translation>Name, URL, Methode, Header, Zeiten, Wiederholungen (Strg+,)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Data</source>
        <translation>D&amp;aten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dash&amp;board</source>
        <translation>Übersi&amp;cht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event &amp;log</source>
        <translation>Ereignisprotoko&amp;ll</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+93"/>
        <source>&amp;Undo remove</source>
        <translation>Entfernen r&amp;ückgängig</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Not a URL NetPulse can watch: %1.</source>
        <translation>Keine URL, die NetPulse überwachen kann: %1.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import endpoints…</source>
        <translation>Endpunkte &amp;importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+147"/>
        <source>Import endpoints</source>
        <translation>Endpunkte importieren</translation>
    </message>
    <message>
        <location line="-146"/>
        <location line="+15"/>
        <source>Endpoint files (*.json);;All files (*)</source>
        <translation>Endpunktdateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>&amp;Export endpoints…</source>
        <translation>Endpunkte &amp;exportieren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export endpoints</source>
        <translation>Endpunkte exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Endpoint files (*.json)</source>
        <translation>Endpunktdateien (*.json)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Watch endpoint file…</source>
        <translation>Endpunkt&amp;datei beobachten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watch endpoint file</source>
        <translation>Endpunktdatei beobachten</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Vantage points…</source>
        <translation>&amp;Messpunkte…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Endpoint</source>
        <translation>&amp;Endpunkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New endpoint…</source>
        <translation>&amp;Neuer Endpunkt…</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+284"/>
        <source>&amp;Stop watching</source>
        <translation>Überwachung &amp;stoppen</translation>
    </message>
    <message>
        <location line="-278"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restore &amp;demo endpoints</source>
        <translation>&amp;Demo-Endpunkte wiederherstellen</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>New end&amp;point:</source>
        <translation>Neuer End&amp;punkt:</translation>
    </message>
    <message>
        <location line="+117"/>
        <location line="+164"/>
        <source>Sto&amp;p watching the file</source>
        <translation>Beobachtung der Datei beenden</translation>
    </message>
    <message>
        <location line="-150"/>
        <source>&amp;Add with settings…</source>
        <translation>Mit Einstellungen &amp;hinzufügen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rena&amp;me</source>
        <translation>&amp;Umbenennen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Find in the list</source>
        <translation>In der Liste &amp;finden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Check now</source>
        <translation>Jetzt &amp;prüfen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Notifications</source>
        <translation>Benach&amp;richtigungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reports and alerts…</source>
        <translation>&amp;Berichte und Alarme…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About NetPulse</source>
        <translation>Über &amp;NetPulse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About NetPulse</source>
        <translation>Über NetPulse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;p&gt;&lt;b&gt;NetPulse %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Watches service URLs and says, in plain words, why one cannot be reached.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;NetPulse %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Beobachtet Dienst-URLs und sagt in einfachen Worten, warum einer nicht erreichbar ist.&lt;/p&gt;&lt;p&gt;Gebaut mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+3"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 (in the list)</source>
        <translation>%1 (in der Liste)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next tab, previous tab</source>
        <translation>Nächster Reiter, vorheriger Reiter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The %1 tab</source>
        <translation>Der Reiter %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next control, previous control</source>
        <translation>Nächstes Element, vorheriges Element</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Umschalt+Tab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A button or field with an underlined letter</source>
        <translation>Ein Knopf oder Feld mit unterstrichenem Buchstaben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alt and that letter</source>
        <translation>Alt und dieser Buchstabe</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>
…and %n more</source>
        <translation>
            <numerusform>
…und %n weiteres</numerusform>
            <numerusform>
…und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Import the %n valid endpoint(s)</source>
        <translation>
            <numerusform>Den %n gültigen Endpunkt importieren</numerusform>
            <numerusform>Die %n gültigen Endpunkte importieren</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the file</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Imported %1: %2</source>
        <translation>%1 importiert: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sto&amp;p watching %1</source>
        <translation>Beobachtung von %1 beenden</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Vantage points: Prometheus answers again.</source>
        <translation>Standorte: Prometheus antwortet wieder.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vantage points: %1. Verdicts from other machines are not shown until it answers.</source>
        <translation>Standorte: %1. Die Urteile anderer Rechner werden erst wieder gezeigt, wenn Prometheus antwortet.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Vantage: %1</source>
        <translation>Messpunkt: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>This machine is the vantage point &quot;%1&quot; (--vantage, or the host name). The others are read from %2 every %n s.</source>
        <translation>
            <numerusform>Dieser Rechner ist der Messpunkt &quot;%1&quot; (--vantage oder der Hostname). Die anderen werden jede Sekunde von %2 gelesen.</numerusform>
            <numerusform>Dieser Rechner ist der Messpunkt &quot;%1&quot; (--vantage oder der Hostname). Die anderen werden alle %n s von %2 gelesen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+213"/>
        <source>Notifications stay muted until %1</source>
        <translation>Benachrichtigungen bleiben stumm bis %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notifications stay muted until switched back on</source>
        <translation>Benachrichtigungen bleiben stumm, bis sie wieder eingeschaltet werden</translation>
    </message>
    <message>
        <location line="-348"/>
        <source>Nothing imported from %1:</source>
        <translation>Nichts aus %1 importiert:</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing exported: the demo&apos;s endpoints are not exported (their ports change every run); add your own first</source>
        <translation>Nichts exportiert: Die Demo-Endpunkte werden nicht exportiert (ihre Ports ändern sich bei jedem Start); fügen Sie zuerst eigene hinzu</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not export to %1: %2</source>
        <translation>Export nach %1 fehlgeschlagen: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Exported %n endpoint(s) to %1 (secrets left out, as ***)</source>
        <translation>
            <numerusform>%n Endpunkt nach %1 exportiert (Geheimnisse ausgelassen, als ***)</numerusform>
            <numerusform>%n Endpunkte nach %1 exportiert (Geheimnisse ausgelassen, als ***)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Exported %n endpoint(s) to %1</source>
        <translation>
            <numerusform>%n Endpunkt nach %1 exportiert</numerusform>
            <numerusform>%n Endpunkte nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>names used twice were written as: %1</source>
        <translation>doppelt vergebene Namen wurden so geschrieben: %1</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>No endpoint selected</source>
        <translation>Kein Endpunkt ausgewählt</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Start watching</source>
        <translation>Überwachung &amp;starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop watching this endpoint</source>
        <translation>Diesen Endpunkt nicht mehr überwachen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watch this endpoint again</source>
        <translation>Diesen Endpunkt wieder überwachen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Type an http:// or https:// URL first; Enter or Add makes it a new endpoint.</source>
        <translation>Geben Sie zuerst eine http://- oder https://-URL ein; Eingabe oder Hinzufügen macht daraus einen neuen Endpunkt.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot add: %1. Nothing was sent.</source>
        <translation>Nicht hinzugefügt: %1. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot add: &apos;%1&apos; is not an HTTP method.</source>
        <translation>Nicht hinzugefügt: &apos;%1&apos; ist keine HTTP-Methode.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Already watched as &quot;%1&quot;: selected it.</source>
        <translation>Wird schon als „%1“ überwacht: ausgewählt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Added %1. Its name, headers and timings are in Settings… (Ctrl+,).</source>
        <translation>%1 hinzugefügt. Name, Header und Zeiten stehen in Einstellungen… (Strg+,).</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>%1 is stopped: Start watches it again.</source>
        <translation>%1 ist gestoppt: Start überwacht ihn wieder.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Settings not applied</source>
        <translation>Einstellungen nicht übernommen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 now checks %2 %3: what it showed before belonged to the old address.</source>
        <translation>%1 prüft jetzt %2 %3: Was vorher angezeigt wurde, gehörte zur alten Adresse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Demo endpoints are not saved (their ports change every run). To keep this one, add its URL as a new endpoint.</source>
        <translation>Demo-Endpunkte werden nicht gespeichert (ihre Ports ändern sich bei jedem Start). Um diesen zu behalten, fügen Sie seine URL als neuen Endpunkt hinzu.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Removed %1. Undo (Ctrl+Z) brings it back with its settings.</source>
        <translation>%1 entfernt. Rückgängig (Strg+Z) holt ihn mit seinen Einstellungen zurück.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing to undo: removals can be undone for 30 seconds.</source>
        <translation>Nichts rückgängig zu machen: Entfernen lässt sich 30 Sekunden lang rückgängig machen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is back.</source>
        <translation>%1 ist wieder da.</translation>
    </message>
</context>
<context>
    <name>NetPulse::MetricsServer</name>
    <message>
        <location filename="../../core/metrics/MetricsServer.cpp" line="+121"/>
        <source>&apos;%1&apos; is not ADDRESS:PORT (for example 127.0.0.1:9464)</source>
        <translation>&apos;%1&apos; ist nicht ADRESSE:PORT (zum Beispiel 127.0.0.1:9464)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&apos;%1&apos; is not an IP address to listen on</source>
        <translation>&apos;%1&apos; ist keine IP-Adresse, auf der gelauscht werden kann</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>without TLS and without a password</source>
        <translation>ohne TLS und ohne Passwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>without TLS (passwords travel readable)</source>
        <translation>ohne TLS (Passwörter gehen lesbar übers Netz)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>without a password</source>
        <translation>ohne Passwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>metrics on %1 are served %2: anyone who can reach this port reads the endpoints you watch (--web-config, docs/metrics.md)</source>
        <translation>Die Metriken auf %1 werden %2 ausgeliefert: Wer diesen Port erreicht, liest die beobachteten Endpunkte (--web-config, docs/metrics.md)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>cannot listen on %1:%2 (%3)</source>
        <translation>auf %1:%2 kann nicht gelauscht werden (%3)</translation>
    </message>
</context>
<context>
    <name>NetPulse::MonitorSettings</name>
    <message>
        <location filename="../../core/monitor/MonitorSettings.cpp" line="+39"/>
        <source>the deadline (%1 ms) must not be shorter than the timeout (%2 ms)</source>
        <translation>die Frist (%1 ms) darf nicht kürzer sein als das Zeitlimit (%2 ms)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>backoff max (%1 ms) must not be below backoff initial (%2 ms)</source>
        <translation>die längste Wartezeit (%1 ms) darf nicht unter der ersten (%2 ms) liegen</translation>
    </message>
</context>
<context>
    <name>NetPulse::MonitorStatus</name>
    <message>
        <location filename="../../core/monitor/MonitorStateMachine.cpp" line="+52"/>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; retrying %1</source>
        <translation>; neuer Versuch %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; next check %1</source>
        <translation>; nächste Prüfung %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>; watching the port, will check as soon as it accepts</source>
        <translation>; beobachte den Port, prüfe, sobald er Verbindungen annimmt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; watching the name, will check as soon as it resolves</source>
        <translation>; beobachte den Namen, prüfe, sobald er sich auflöst</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; watching for the network, will check as soon as it answers</source>
        <translation>; beobachte das Netz, prüfe, sobald es antwortet</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>checking again (retry %1 of %2)</source>
        <translation>prüfe erneut (Wiederholung %1 von %2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>checking</source>
        <translation>prüfe</translation>
    </message>
    <message>
        <location line="+95"/>
        <location line="+109"/>
        <source>this machine is offline; checks pause and no retries are spent</source>
        <translation>dieser Rechner ist offline; Prüfungen pausieren, und es werden keine Wiederholungen verbraucht</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>1 failed check</source>
        <translation>1 fehlgeschlagene Prüfung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 failed checks</source>
        <translation>%1 fehlgeschlagene Prüfungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>recovered after %1 (%2)</source>
        <translation>erholt nach %1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recovered after %1</source>
        <translation>erholt nach %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>; checks slow down step by step to every %1</source>
        <translation>; die Prüfungen werden schrittweise seltener, bis auf alle %1</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>slow: %1 ms, above the %2 ms threshold</source>
        <translation>langsam: %1 ms, über der Schwelle von %2 ms</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>not retried: %1</source>
        <translation>nicht wiederholt: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>failing</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>gave up retrying after 1 retry</source>
        <translation>nach 1 Wiederholung aufgegeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gave up retrying after %1 retries</source>
        <translation>nach %1 Wiederholungen aufgegeben</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>backoff</source>
        <translation>Backoff</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Retry-After %1, capped</source>
        <translation>Retry-After %1, begrenzt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>backoff; %1</source>
        <translation>Backoff; %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>retry %1 of %2 (%3)</source>
        <translation>Wiederholung %1 von %2 (%3)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>network is back; checking now</source>
        <translation>das Netz ist zurück; prüfe jetzt</translation>
    </message>
</context>
<context>
    <name>NetPulse::PageOriginCheck</name>
    <message>
        <location filename="../../core/probe/PageOriginCheck.cpp" line="+98"/>
        <source>the browser asks first (a preflight OPTIONS, because %1), and it got no answer (%2)</source>
        <translation>der Browser fragt zuerst (ein Preflight-OPTIONS, weil %1), und bekam keine Antwort (%2)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>page origin &apos;%1&apos; must look like http://localhost:3000 or https://app.example.com (a scheme, a host and a port, nothing after them)</source>
        <translation>Seitenherkunft „%1“ muss wie http://localhost:3000 oder https://app.example.com aussehen (ein Schema, ein Host und ein Port, nichts danach)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>an https page may not call http:// (mixed content): the browser does not even send the request</source>
        <translation>eine https-Seite darf kein http:// aufrufen (gemischte Inhalte): der Browser schickt die Anfrage gar nicht erst</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the method %1 is not a simple one</source>
        <translation>die Methode %1 ist keine einfache</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the header %1 is not a simple one</source>
        <translation>der Header %1 ist kein einfacher</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>a public page calls a private address</source>
        <translation>eine öffentliche Seite ruft eine private Adresse auf</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the browser asks first (a preflight OPTIONS, because %1), and </source>
        <translation>der Browser fragt zuerst (ein Preflight-OPTIONS, weil %1), und </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its answer was HTTP %1, not 2xx</source>
        <translation>dessen Antwort war HTTP %1, nicht 2xx</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its answer has no Access-Control-Allow-Origin</source>
        <translation>dessen Antwort hat kein Access-Control-Allow-Origin</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its answer allows %1, not %2</source>
        <translation>dessen Antwort erlaubt %1, nicht %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its answer does not allow the method %1</source>
        <translation>dessen Antwort erlaubt die Methode %1 nicht</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>its answer does not allow the header %1</source>
        <translation>dessen Antwort erlaubt den Header %1 nicht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its answer lacks Access-Control-Allow-Private-Network: true</source>
        <translation>dessen Antwort fehlt Access-Control-Allow-Private-Network: true</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the answer has no Access-Control-Allow-Origin for that origin</source>
        <translation>die Antwort hat kein Access-Control-Allow-Origin für diese Herkunft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the page sends credentials (a cookie), and the answer allows any origin (*), which browsers refuse with credentials</source>
        <translation>die Seite schickt Zugangsdaten (ein Cookie), und die Antwort erlaubt jede Herkunft (*), was Browser mit Zugangsdaten ablehnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the answer allows %1, not %2</source>
        <translation>die Antwort erlaubt %1, nicht %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the page sends credentials (a cookie), and the answer lacks Access-Control-Allow-Credentials: true</source>
        <translation>die Seite schickt Zugangsdaten (ein Cookie), und der Antwort fehlt Access-Control-Allow-Credentials: true</translation>
    </message>
</context>
<context>
    <name>NetPulse::PathStrip</name>
    <message>
        <location filename="../../ui/PathStrip.cpp" line="+16"/>
        <source>Path of the last check</source>
        <translation>Weg der letzten Prüfung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Path: no check yet</source>
        <translation>Weg: noch keine Prüfung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This machine&apos;s network</source>
        <translation>Netz dieses Rechners</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name lookup</source>
        <translation>Namensauflösung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Redirect</source>
        <translation>Weiterleitung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The page</source>
        <translation>Die Seite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>not needed</source>
        <translation>nicht nötig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not seen</source>
        <translation>nicht gesehen</translation>
    </message>
</context>
<context>
    <name>NetPulse::PhaseWaterfall</name>
    <message>
        <location filename="../../ui/PhaseWaterfall.cpp" line="+54"/>
        <location line="+19"/>
        <source>Waiting (TTFB)</source>
        <translation>Warten (TTFB)</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>not reached</source>
        <translation>nicht erreicht</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Phases of the last request</source>
        <translation>Phasen der letzten Anfrage</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+16"/>
        <source>Setup</source>
        <translation>Vorbereitung</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+16"/>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+16"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+19"/>
        <source>Transfer</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>in TLS</source>
        <translation>in TLS enthalten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no headers</source>
        <translation>keine Header</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not used</source>
        <translation>nicht verwendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>NetPulse::ProbeOptions</name>
    <message>
        <location filename="../../core/probe/ProbeOptions.cpp" line="+71"/>
        <source>a header is written &apos;Name: value&apos; (this one has no colon after a name)</source>
        <translation>ein Header wird &apos;Name: Wert&apos; geschrieben (diesem fehlt der Doppelpunkt nach einem Namen)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>header name &apos;%1&apos; has characters a header name cannot have</source>
        <translation>der Headername &apos;%1&apos; enthält Zeichen, die ein Headername nicht haben darf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a header name has characters a header name cannot have</source>
        <translation>ein Headername enthält Zeichen, die ein Headername nicht haben darf</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>header &apos;%1&apos; has a line break in its value</source>
        <translation>der Header &apos;%1&apos; hat einen Zeilenumbruch im Wert</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>method &apos;%1&apos; is not a valid HTTP method token</source>
        <translation>die Methode &apos;%1&apos; ist kein gültiges HTTP-Methodenwort</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>proxy &apos;%1&apos; must look like http://host:port or socks5://host:port</source>
        <translation>der Proxy &apos;%1&apos; muss wie http://host:port oder socks5://host:port aussehen</translation>
    </message>
</context>
<context>
    <name>NetPulse::ProfileLock</name>
    <message>
        <location filename="../../core/base/ProfileLock.cpp" line="+35"/>
        <source>%1 cannot be made</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>no permission to write in %1</source>
        <translation>keine Schreibberechtigung in %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the lock in %1 could not be made</source>
        <translation>die Sperre in %1 konnte nicht angelegt werden</translation>
    </message>
</context>
<context>
    <name>NetPulse::ReportDelivery</name>
    <message>
        <location filename="../../core/reports/ReportDelivery.cpp" line="+126"/>
        <source>reports to %1 are delivered again</source>
        <translation>Berichte an %1 werden wieder zugestellt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>reports to %1 are not delivered (%2); they are kept and sent when it answers</source>
        <translation>Berichte an %1 werden nicht zugestellt (%2); sie werden aufbewahrt und gesendet, sobald er antwortet</translation>
    </message>
</context>
<context>
    <name>NetPulse::ReportSettings</name>
    <message>
        <location filename="../../core/reports/ReportSettings.cpp" line="+32"/>
        <source>%1 &apos;%2&apos; %3; not used</source>
        <translation>%1 &apos;%2&apos; %3; nicht verwendet</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>reports/headers: line %1 is not usable (%2)</source>
        <translation>reports/headers: Zeile %1 ist nicht nutzbar (%2)</translation>
    </message>
</context>
<context>
    <name>NetPulse::ReportSettingsDialog</name>
    <message>
        <location filename="../../ui/ReportSettingsDialog.cpp" line="+22"/>
        <source>Reports and alerts</source>
        <translation>Berichte und Alarme</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failures and state changes of every endpoint that allows it are sent as CloudEvents JSON to the report URL, and an endpoint that is down raises an alert in Prometheus Alertmanager. Leave a URL empty to send nothing there.</source>
        <translation>Fehler und Zustandswechsel jedes Endpunkts, der es erlaubt, gehen als CloudEvents-JSON an die Berichts-URL, und ein ausgefallener Endpunkt löst einen Alarm im Prometheus Alertmanager aus. Lassen Sie eine URL leer, um dorthin nichts zu senden.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>One &apos;Name: value&apos; per line, sent with reports and alerts. Saved values show as %1 and are kept unless you change the line.</source>
        <translation>Ein &apos;Name: Wert&apos; pro Zeile, gesendet mit Berichten und Alarmen. Gespeicherte Werte erscheinen als %1 und bleiben, solange Sie die Zeile nicht ändern.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Report URL:</source>
        <translation>&amp;Berichts-URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Alertmanager:</source>
        <translation>&amp;Alertmanager:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Headers:</source>
        <translation>&amp;Header:</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n report(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n Bericht wartet auf den Versand.</numerusform>
            <numerusform>%n Berichte warten auf den Versand.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n report(s) from earlier wait for a report URL.</source>
        <translation>
            <numerusform>%n früherer Bericht wartet auf eine Berichts-URL.</numerusform>
            <numerusform>%n frühere Berichte warten auf eine Berichts-URL.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This run uses the URLs given on the command line; what is saved here applies from the next start without them.</source>
        <translation>Dieser Lauf nutzt die URLs von der Befehlszeile; was hier gespeichert wird, gilt ab dem nächsten Start ohne sie.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Report URL</source>
        <translation>Berichts-URL</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alertmanager</source>
        <translation>Alertmanager</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Headers: %1</source>
        <translation>Header: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Headers: %1 has no saved value; type its value</source>
        <translation>Header: %1 hat keinen gespeicherten Wert; geben Sie den Wert ein</translation>
    </message>
</context>
<context>
    <name>NetPulse::ReportTarget</name>
    <message>
        <location filename="../../core/reports/ReportTarget.cpp" line="+20"/>
        <source>is not a URL</source>
        <translation>ist keine URL</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>must start with http:// or https://</source>
        <translation>muss mit http:// oder https:// beginnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>names no host</source>
        <translation>nennt keinen Host</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>host not found</source>
        <translation>Host nicht gefunden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no answer within %1</source>
        <translation>keine Antwort innerhalb von %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>TLS handshake failed</source>
        <translation>TLS-Handshake fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>NetPulse::ResponseCache</name>
    <message>
        <location filename="../../core/cache/ResponseCache.cpp" line="+64"/>
        <source>cannot create %1</source>
        <translation>%1 lässt sich nicht anlegen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not writable</source>
        <translation>%1 ist nicht beschreibbar</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>%1; keeping cached data in memory and trying the disk again every %2 s</source>
        <translation>%1; zwischengespeicherte Daten bleiben im Speicher, die Platte wird alle %2 s wieder versucht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1; keeping cached data in memory only until restart</source>
        <translation>%1; zwischengespeicherte Daten bleiben nur bis zum Neustart im Speicher</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 takes writes again: cached data is on disk</source>
        <translation>%1 nimmt wieder Schreibvorgänge an: die zwischengespeicherten Daten stehen auf der Platte</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 is %2: moved aside to %3</source>
        <translation>%1 ist %2: nach %3 beiseitegelegt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is %2 and could not be moved aside</source>
        <translation>%1 ist %2 und ließ sich nicht beiseitelegen</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>larger than any entry NetPulse writes</source>
        <translation>größer als jeder Eintrag, den NetPulse schreibt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot read %1: %2</source>
        <translation>%1 ist nicht lesbar: %2</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>cannot write %1 (%2)</source>
        <translation>%1 lässt sich nicht schreiben (%2)</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>not a success</source>
        <translation>kein Erfolg</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>304 without a stored entry to confirm</source>
        <translation>304 ohne gespeicherten Eintrag zum Bestätigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>status %1 is not a 2xx answer</source>
        <translation>Status %1 ist keine 2xx-Antwort</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the server said no-store</source>
        <translation>der Server sagte no-store</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the body does not match its Content-Length</source>
        <translation>der Inhalt passt nicht zu seiner Content-Length</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the body is larger than a cache entry may be</source>
        <translation>der Inhalt ist größer als ein Cache-Eintrag sein darf</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the body is declared JSON but does not parse (%1)</source>
        <translation>der Inhalt ist als JSON angegeben, lässt sich aber nicht lesen (%1)</translation>
    </message>
</context>
<context>
    <name>NetPulse::ResponseChecks</name>
    <message>
        <location filename="../../core/probe/ResponseChecks.cpp" line="+31"/>
        <source>a value</source>
        <translation>ein Wert</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>status %1, expected %2</source>
        <translation>Status %1, erwartet %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>status %1 accepted by the endpoint&apos;s checks</source>
        <translation>Status %1 von den Prüfungen des Endpunkts akzeptiert</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>body does not contain &quot;%1&quot;</source>
        <translation>Inhalt enthält „%1“ nicht</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>body contains &quot;%1&quot;</source>
        <translation>Inhalt enthält „%1“</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>body does not match /%1/</source>
        <translation>Inhalt passt nicht auf /%1/</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>body is not JSON (%1 at byte %2), expected %3 at %4</source>
        <translation>Inhalt ist kein JSON (%1 bei Byte %2), erwartet %3 bei %4</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>body %1 is missing, expected %2</source>
        <translation>Inhalt %1 fehlt, erwartet %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>body %1 was %2, expected %3</source>
        <translation>Inhalt %1 war %2, erwartet %3</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>header %1 is missing</source>
        <translation>Header %1 fehlt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>header %1 was &quot;%2&quot;, expected &quot;%3&quot;</source>
        <translation>Header %1 war „%2“, erwartet „%3“</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>header %1 was &quot;%2&quot;, expected it to contain &quot;%3&quot;</source>
        <translation>Header %1 war „%2“, erwartet wurde, dass er „%3“ enthält</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>no certificate was seen, expected one valid for %1 more days</source>
        <translation>kein Zertifikat gesehen, erwartet eines, das noch %1 Tage gilt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>certificate expires in %1 days, expected at least %2</source>
        <translation>Zertifikat läuft in %1 Tagen ab, erwartet mindestens %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>took %1 ms, expected at most %2 ms</source>
        <translation>dauerte %1 ms, erwartet höchstens %2 ms</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&quot;%1&quot; is not a status (100-599) or a range of them (&quot;200-299&quot;)</source>
        <translation>„%1“ ist kein Status (100-599) und kein Bereich davon („200-299“)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>expected a text that is not empty</source>
        <translation>erwartet wird ein nicht leerer Text</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>expected a whole number from 1 to %1</source>
        <translation>erwartet wird eine ganze Zahl von 1 bis %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>expected statuses</source>
        <translation>erwartet werden Statuscodes</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>not a regular expression: %1 at %2</source>
        <translation>kein regulärer Ausdruck: %1 bei %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>expected a JSON Pointer such as &quot;/status&quot;</source>
        <translation>erwartet wird ein JSON-Pointer wie „/status“</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+30"/>
        <source>unknown field, ignored</source>
        <translation>unbekanntes Feld, ignoriert</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>expected {&quot;path&quot;: &quot;/status&quot;, &quot;equals&quot;: &quot;UP&quot;}</source>
        <translation>erwartet wird {&quot;path&quot;: &quot;/status&quot;, &quot;equals&quot;: &quot;UP&quot;}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>expected a header name</source>
        <translation>erwartet wird ein Headername</translation>
    </message>
</context>
<context>
    <name>NetPulse::RetryAfter</name>
    <message>
        <location filename="../../core/monitor/RetryAfter.cpp" line="+83"/>
        <source>Retry-After &apos;%1&apos; ignored: %2</source>
        <translation>Retry-After &apos;%1&apos; ignoriert: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>absurdly large</source>
        <translation>absurd groß</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>neither delay-seconds nor an HTTP-date</source>
        <translation>weder Sekunden noch ein HTTP-Datum</translation>
    </message>
</context>
<context>
    <name>NetPulse::RetryPolicy</name>
    <message>
        <location filename="../../core/monitor/RetryPolicy.cpp" line="+41"/>
        <source>it succeeded</source>
        <translation>sie war erfolgreich</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this machine is offline: checks pause until the network returns</source>
        <translation>dieser Rechner ist offline: Prüfungen pausieren, bis das Netz zurück ist</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a certificate or handshake failure does not fix itself within seconds</source>
        <translation>ein Zertifikats- oder Handshake-Fehler behebt sich nicht innerhalb von Sekunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the server refused this request itself (HTTP %1); asking again gets the same answer</source>
        <translation>der Server hat diese Anfrage selbst abgelehnt (HTTP %1); erneutes Fragen bringt dieselbe Antwort</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>nothing can be sent with these settings</source>
        <translation>mit diesen Einstellungen lässt sich nichts senden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the redirects would loop again</source>
        <translation>die Weiterleitungen würden wieder im Kreis laufen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the body would pass the limit again</source>
        <translation>der Inhalt würde die Grenze wieder überschreiten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the check was stopped</source>
        <translation>die Prüfung wurde gestoppt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>asking again would get the same answer</source>
        <translation>erneutes Fragen brächte dieselbe Antwort</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not idempotent, so it is never retried automatically (allow it in the endpoint&apos;s settings)</source>
        <translation>%1 ist nicht idempotent und wird daher nie automatisch wiederholt (in den Einstellungen des Endpunkts erlaubbar)</translation>
    </message>
</context>
<context>
    <name>NetPulse::StatusBanner</name>
    <message>
        <location filename="../../ui/StatusBanner.cpp" line="+34"/>
        <source>&amp;Retry now</source>
        <translation>&amp;Jetzt erneut versuchen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Check now instead of waiting (F5, Ctrl+R)</source>
        <translation>Jetzt prüfen statt zu warten (F5, Strg+R)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Technical detail</source>
        <translation>Technische Details</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>No endpoint selected</source>
        <translation>Kein Endpunkt ausgewählt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add an endpoint, or pick one on the left.</source>
        <translation>Fügen Sie einen Endpunkt hinzu, oder wählen Sie links einen aus.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Checking…</source>
        <translation>Prüfe…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+103"/>
        <source>Not watching</source>
        <translation>Keine Überwachung</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>Waiting for the first answer from %1.</source>
        <translation>Warte auf die erste Antwort von %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press Start to watch this endpoint.</source>
        <translation>Drücken Sie Start, um diesen Endpunkt zu überwachen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not watching. The last check, at %1, said: %2.</source>
        <translation>Keine Überwachung. Die letzte Prüfung um %1 ergab: %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recovered</source>
        <translation>Wieder da</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The service answers again.</source>
        <translation>Der Dienst antwortet wieder.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Slow</source>
        <translation>Langsam</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It answered, in %1: above this endpoint&apos;s %2 threshold for slow.</source>
        <translation>Er hat geantwortet, in %1: über der Langsam-Schwelle dieses Endpunkts von %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slow answers count as degraded, not down.</source>
        <translation>Langsame Antworten gelten als beeinträchtigt, nicht als ausgefallen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connect %1</source>
        <translation>Verbinden %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS %1</source>
        <translation>TLS %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TTFB %1</source>
        <translation>TTFB %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>transfer %1</source>
        <translation>Übertragung %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>total %1</source>
        <translation>gesamt %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Qt re-sent the request %n time(s)</source>
        <translation>
            <numerusform>Qt hat die Anfrage %n-mal erneut gesendet</numerusform>
            <numerusform>Qt hat die Anfrage %n-mal erneut gesendet</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Redirects: %1</source>
        <translation>Weiterleitungen: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Certificate issued by %1 expired on %2, %n day(s) ago.</source>
        <translation>
            <numerusform>Das von %1 ausgestellte Zertifikat ist am %2 abgelaufen, vor %n Tag.</numerusform>
            <numerusform>Das von %1 ausgestellte Zertifikat ist am %2 abgelaufen, vor %n Tagen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Certificate issued by %1 expires on %2: only %n day(s) left.</source>
        <translation>
            <numerusform>Das von %1 ausgestellte Zertifikat läuft am %2 ab: nur noch %n Tag.</numerusform>
            <numerusform>Das von %1 ausgestellte Zertifikat läuft am %2 ab: nur noch %n Tage.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate issued by %1, valid until %2.</source>
        <translation>Zertifikat ausgestellt von %1, gültig bis %2.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Certificate checks are off for this endpoint (Settings: &quot;Accept certificates that fail verification&quot;).</source>
        <translation>Zertifikatsprüfungen sind für diesen Endpunkt aus (Einstellungen: „Zertifikate akzeptieren, die die Prüfung nicht bestehen“).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Start watches it again.</source>
        <translation>Start überwacht ihn wieder.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next check in %1.</source>
        <translation>Nächste Prüfung in %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Flapping: notifications held back.</source>
        <translation>Flattert: Benachrichtigungen zurückgehalten.</translation>
    </message>
</context>
<context>
    <name>NetPulse::TrayNotifier</name>
    <message>
        <location filename="../../ui/TrayNotifier.cpp" line="+41"/>
        <location line="+152"/>
        <source>&amp;Mute notifications</source>
        <translation>Benachrichtigungen &amp;stummschalten</translation>
    </message>
    <message numerus="yes">
        <location line="-137"/>
        <source>For &amp;%n hour(s)</source>
        <translation>
            <numerusform>Für &amp;%n Stunde</numerusform>
            <numerusform>Für &amp;%n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Until switched back on</source>
        <translation>&amp;Bis sie wieder eingeschaltet werden</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Switch notifications on</source>
        <translation>Benachrichtigungen &amp;einschalten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show NetPulse</source>
        <translation>NetPulse zeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Notifications muted until switched back on</source>
        <translation>Benachrichtigungen stumm bis zum Wiedereinschalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notifications muted until %1</source>
        <translation>Benachrichtigungen stumm bis %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Mute notifications (%1)</source>
        <translation>Benachrichtigungen &amp;stummschalten (%1)</translation>
    </message>
    <message numerus="yes">
        <location line="+42"/>
        <source>and %n more not up</source>
        <translation>
            <numerusform>und %n weiterer nicht erreichbar</numerusform>
            <numerusform>und %n weitere nicht erreichbar</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>NetPulse</source>
        <translation>NetPulse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(notifications muted)</source>
        <translation>(Benachrichtigungen stumm)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 is back</source>
        <translation>%1 ist wieder da</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+63"/>
        <source>%1 is down</source>
        <translation>%1 ist ausgefallen</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n endpoint(s) are down</source>
        <translation>
            <numerusform>%n Endpunkt ist ausgefallen</numerusform>
            <numerusform>%n Endpunkte sind ausgefallen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The certificate of %1 has expired.</source>
        <translation>Das Zertifikat von %1 ist abgelaufen.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>The certificate of %1 expires in %n day(s).</source>
        <translation>
            <numerusform>Das Zertifikat von %1 läuft in %n Tag ab.</numerusform>
            <numerusform>Das Zertifikat von %1 läuft in %n Tagen ab.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate expiring</source>
        <translation>Zertifikat läuft ab</translation>
    </message>
</context>
<context>
    <name>NetPulse::UrlValidator</name>
    <message>
        <location filename="../../core/probe/UrlValidator.cpp" line="+39"/>
        <location line="+47"/>
        <source>the URL is empty</source>
        <translation>die URL ist leer</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>the URL contains a control character (U+%1)</source>
        <translation>die URL enthält ein Steuerzeichen (U+%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the URL contains a space</source>
        <translation>die URL enthält ein Leerzeichen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the URL is missing the &apos;:&apos; after &apos;%1&apos; (%1://…)</source>
        <translation>in der URL fehlt der &apos;:&apos; nach &apos;%1&apos; (%1://…)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the URL starts with &apos;%1//&apos;, a scheme without its &apos;:&apos; (use http:// or https://)</source>
        <translation>die URL beginnt mit &apos;%1//&apos;, einem Schema ohne &apos;:&apos; (http:// oder https:// verwenden)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the URL needs two slashes after &apos;%1:&apos; (%1://…)</source>
        <translation>nach &apos;%1:&apos; braucht die URL zwei Schrägstriche (%1://…)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;%1:&apos; is not a scheme NetPulse checks (use http:// or https://)</source>
        <translation>&apos;%1:&apos; ist kein Schema, das NetPulse prüft (http:// oder https:// verwenden)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&apos;%1&apos; is not a valid URL: %2</source>
        <translation>&apos;%1&apos; ist keine gültige URL: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>not a valid URL: %1</source>
        <translation>keine gültige URL: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the URL has no scheme (use http:// or https://)</source>
        <translation>die URL hat kein Schema (nutzen Sie http:// oder https://)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unsupported scheme &apos;%1&apos; (use http or https)</source>
        <translation>nicht unterstütztes Schema &apos;%1&apos; (nutzen Sie http oder https)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the URL has no host</source>
        <translation>die URL hat keinen Host</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>port 0 cannot be connected to</source>
        <translation>mit Port 0 kann keine Verbindung aufgebaut werden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>port %1 is out of range (1-65535)</source>
        <translation>Port %1 liegt außerhalb des Bereichs (1-65535)</translation>
    </message>
</context>
<context>
    <name>NetPulse::Vantage</name>
    <message>
        <location filename="../../core/base/Vantage.cpp" line="+38"/>
        <source>a vantage name cannot be empty</source>
        <translation>ein Standortname darf nicht leer sein</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a vantage name has at most %1 characters</source>
        <translation>ein Standortname hat höchstens %1 Zeichen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a vantage name cannot hold control characters</source>
        <translation>ein Standortname darf keine Steuerzeichen enthalten</translation>
    </message>
</context>
<context>
    <name>NetPulse::VantageReader</name>
    <message>
        <location filename="../../core/vantage/VantageReader.cpp" line="+53"/>
        <location line="+145"/>
        <source>Prometheus at %1 did not answer within %2 s</source>
        <translation>Prometheus unter %1 hat nicht innerhalb von %2 s geantwortet</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Prometheus at %1 sent more than %2 MB</source>
        <translation>Prometheus unter %1 hat mehr als %2 MB gesendet</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Prometheus at %1 redirected to %2, which is not followed</source>
        <translation>Prometheus unter %1 hat auf %2 umgeleitet; der Umleitung wird nicht gefolgt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prometheus at %1 cannot be reached: %2</source>
        <translation>Prometheus unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Prometheus at %1 answered HTTP %2</source>
        <translation>Prometheus unter %1 hat mit HTTP %2 geantwortet</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Prometheus at %1: %2</source>
        <translation>Prometheus unter %1: %2</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>the answer is not Prometheus&apos; JSON</source>
        <translation>die Antwort ist nicht das JSON von Prometheus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the query failed: %1</source>
        <translation>die Abfrage ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the answer is not a vector of samples</source>
        <translation>die Antwort ist kein Vektor von Messwerten</translation>
    </message>
</context>
<context>
    <name>NetPulse::VantageSettings</name>
    <message>
        <location filename="../../core/vantage/VantageSettings.cpp" line="+36"/>
        <source>vantages/url &apos;%1&apos; %2; not used</source>
        <translation>vantages/url &apos;%1&apos; %2; nicht verwendet</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>vantages/headers: line %1 is not usable (%2)</source>
        <translation>vantages/headers: Zeile %1 ist nicht verwendbar (%2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>vantages/ca_file: cannot read %1; the system&apos;s CAs are used</source>
        <translation>vantages/ca_file: %1 ist nicht lesbar; die Zertifizierungsstellen des Systems werden verwendet</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>vantages/every_s &apos;%1&apos; is not %2 to %3 seconds; %4 s is used</source>
        <translation>vantages/every_s &apos;%1&apos; liegt nicht zwischen %2 und %3 Sekunden; %4 s werden verwendet</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>the password shows as %1, but no password is saved for this user and server; type it</source>
        <translation>das Passwort steht als %1 da, aber für diesen Benutzer und Server ist keines gespeichert; bitte eingeben</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 shows as %2 but has no saved value; type its value</source>
        <translation>%1 steht als %2 da, hat aber keinen gespeicherten Wert; bitte den Wert eingeben</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1&apos;s saved value was given for %2, not this server; type it again</source>
        <translation>der gespeicherte Wert von %1 galt für %2, nicht für diesen Server; bitte erneut eingeben</translation>
    </message>
</context>
<context>
    <name>NetPulse::VantageSettingsDialog</name>
    <message>
        <location filename="../../ui/VantageSettingsDialog.cpp" line="+47"/>
        <source>Vantage points</source>
        <translation>Messpunkte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other machines running NetPulse (agents) are scraped by a Prometheus; read from it, the banner says whether a failure here is seen elsewhere too. This machine is the vantage point &quot;%1&quot;. Leave the URL empty to read nothing.</source>
        <translation>Andere Rechner mit NetPulse (Agenten) werden von einem Prometheus abgefragt; von dort gelesen, sagt das Banner, ob ein Fehler hier auch anderswo gesehen wird. Dieser Rechner ist der Messpunkt &quot;%1&quot;. Die URL leer lassen, um nichts zu lesen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>the system&apos;s certificate authorities</source>
        <translation>die Zertifizierungsstellen des Systems</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CA certificate (PEM)</source>
        <translation>CA-Zertifikat (PEM)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Prometheus:</source>
        <translation>&amp;Prometheus:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Headers:</source>
        <translation>&amp;Header:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One &apos;Name: value&apos; per line, for a token. Saved values show as %1 and are kept unless you change the line.</source>
        <translation>Ein &apos;Name: Wert&apos; pro Zeile, etwa für ein Token. Gespeicherte Werte erscheinen als %1 und bleiben, solange die Zeile nicht geändert wird.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;CA certificate:</source>
        <translation>&amp;CA-Zertifikat:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read &amp;every:</source>
        <translation>Lesen &amp;alle:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read once from this Prometheus with these settings, without saving them</source>
        <translation>Einmal mit diesen Einstellungen von diesem Prometheus lesen, ohne sie zu speichern</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>This run reads the Prometheus given on the command line (--vantages-from); what is saved here applies from the next start without it.</source>
        <translation>Dieser Lauf liest den auf der Kommandozeile angegebenen Prometheus (--vantages-from); was hier gespeichert wird, gilt ab dem nächsten Start ohne diese Option.</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+6"/>
        <source>Prometheus: %1</source>
        <translation>Prometheus: %1</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Headers: %1</source>
        <translation>Header: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>CA certificate: %1 holds no PEM certificate (or cannot be read)</source>
        <translation>CA-Zertifikat: %1 enthält kein PEM-Zertifikat (oder ist nicht lesbar)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No Prometheus URL to test.</source>
        <translation>Keine Prometheus-URL zum Testen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading %1…</source>
        <translation>Lese %1…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Prometheus answered in %1 ms, but no other vantage point&apos;s verdicts are there (are the agents scraped, with --vantage names other than &quot;%2&quot;?).</source>
        <translation>Prometheus hat in %1 ms geantwortet, aber dort sind keine Urteile anderer Messpunkte (werden die Agenten abgefragt, mit anderen --vantage-Namen als &quot;%2&quot;?).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prometheus answered in %1 ms: %2 on %3.</source>
        <translation>Prometheus hat in %1 ms geantwortet: %2 zu %3.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n other vantage point(s)</source>
        <translation>
            <numerusform>%n anderer Messpunkt</numerusform>
            <numerusform>%n andere Messpunkte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n URL(s)</source>
        <translation>
            <numerusform>%n URL</numerusform>
            <numerusform>%n URLs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::VantageVerdict</name>
    <message>
        <location filename="../../core/vantage/ElsewhereReading.cpp" line="+32"/>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2 ago)</source>
        <translation>%1 (vor %2)</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>%1 from here, but answering from %2: the service is up; look at this machine&apos;s network, VPN, firewall or DNS.</source>
        <translation>%1 von hier aus, aber erreichbar von %2: Der Dienst läuft; prüfen Sie Netzwerk, VPN, Firewall oder DNS dieses Rechners.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 from here, and failing from %2 too: the service is down for every vantage point watching it, not only here.</source>
        <translation>%1 von hier aus, und auch von %2 aus gescheitert: Der Dienst ist für alle Standorte, die ihn beobachten, ausgefallen, nicht nur hier.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answering here, but failing from %1: people on that side of the network may not reach it.</source>
        <translation>Von hier erreichbar, aber nicht von %1: Wer auf jener Seite des Netzes ist, erreicht ihn womöglich nicht.</translation>
    </message>
</context>
<context>
    <name>NetPulse::WebConfig</name>
    <message>
        <location filename="../../core/metrics/WebConfig.cpp" line="+76"/>
        <source>the first key is indented</source>
        <translation>der erste Schlüssel ist eingerückt</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>line %1: a tab in the indentation (YAML indents with spaces)</source>
        <translation>Zeile %1: ein Tabulator in der Einrückung (YAML rückt mit Leerzeichen ein)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+8"/>
        <source>a quoted value does not end with its quote</source>
        <translation>ein Wert in Anführungszeichen endet nicht mit seinem Anführungszeichen</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>indented more than the line before</source>
        <translation>weiter eingerückt als die Zeile davor</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a list item and a key at the same level</source>
        <translation>ein Listeneintrag und ein Schlüssel auf derselben Ebene</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a list item that is a mapping is not read here</source>
        <translation>ein Listeneintrag, der eine Zuordnung ist, wird hier nicht gelesen</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>flow style ({…}, […]), anchors, tags and block scalars are not read here; write each key on a line of its own</source>
        <translation>Flow-Stil ({…}, […]), Anker, Tags und Block-Skalare werden hier nicht gelesen; jeden Schlüssel in eine eigene Zeile schreiben</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>indented to none of the levels above it</source>
        <translation>auf keine der Ebenen darüber eingerückt</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>not &apos;key: value&apos; (a space after the colon)</source>
        <translation>nicht &apos;Schlüssel: Wert&apos; (ein Leerzeichen nach dem Doppelpunkt)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;%1&apos; is given twice</source>
        <translation>&apos;%1&apos; ist zweimal angegeben</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>a mapping (keys on the lines below)</source>
        <translation>eine Zuordnung (Schlüssel in den Zeilen darunter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a single value</source>
        <translation>ein einzelner Wert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>line %1: &apos;%2&apos; must be %3</source>
        <translation>Zeile %1: &apos;%2&apos; muss %3 sein</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+239"/>
        <source>cannot read %1 (%2)</source>
        <translation>%1 ist nicht lesbar (%2)</translation>
    </message>
    <message>
        <location line="-234"/>
        <source>%1 is larger than 1 MiB: not a certificate or key</source>
        <translation>%1 ist größer als 1 MiB: kein Zertifikat und kein Schlüssel</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: %2 holds no PEM certificate</source>
        <translation>%1: %2 enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>line %1: &apos;%2&apos; is not supported by NetPulse (it uses Qt&apos;s TLS defaults there); remove it</source>
        <translation>Zeile %1: &apos;%2&apos; unterstützt NetPulse nicht (es verwendet dort Qts TLS-Voreinstellungen); bitte entfernen</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+117"/>
        <location line="+63"/>
        <source>line %1: unknown key &apos;%2&apos;</source>
        <translation>Zeile %1: unbekannter Schlüssel &apos;%2&apos;</translation>
    </message>
    <message>
        <location line="-171"/>
        <source>line %1: tls_server_config needs both cert_file and key_file</source>
        <translation>Zeile %1: tls_server_config braucht cert_file und key_file</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>key_file: %1 holds no unencrypted PEM private key</source>
        <translation>key_file: %1 enthält keinen unverschlüsselten privaten PEM-Schlüssel</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>line %1: client_auth_type %2 is not supported by NetPulse; use RequireAndVerifyClientCert</source>
        <translation>Zeile %1: client_auth_type %2 unterstützt NetPulse nicht; RequireAndVerifyClientCert verwenden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>line %1: client_auth_type &apos;%2&apos; is none of %3</source>
        <translation>Zeile %1: client_auth_type &apos;%2&apos; ist keiner von %3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>line %1: client_auth_type verifies client certificates but no client_ca_file says against what</source>
        <translation>Zeile %1: client_auth_type prüft Client-Zertifikate, aber kein client_ca_file sagt, wogegen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>line %1: %2 &apos;%3&apos;: NetPulse serves TLS12 or TLS13</source>
        <translation>Zeile %1: %2 &apos;%3&apos;: NetPulse bietet TLS12 oder TLS13</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>min_version TLS13 is above max_version TLS12</source>
        <translation>min_version TLS13 liegt über max_version TLS12</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>line %1: http2 is true or false</source>
        <translation>Zeile %1: http2 ist true oder false</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>line %1: header &apos;%2&apos; is none of %3</source>
        <translation>Zeile %1: Header &apos;%2&apos; ist keiner von %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>line %1: header &apos;%2&apos; needs a value on its line</source>
        <translation>Zeile %1: Header &apos;%2&apos; braucht einen Wert in seiner Zeile</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>line %1: basic_auth_users: %2 needs a bcrypt hash</source>
        <translation>Zeile %1: basic_auth_users: %2 braucht einen bcrypt-Hash</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>line %1: the password of &apos;%2&apos; is not a bcrypt hash ($2b$…, 60 characters; for example from `htpasswd -nBC 10 %2`)</source>
        <translation>Zeile %1: das Passwort von &apos;%2&apos; ist kein bcrypt-Hash ($2b$…, 60 Zeichen; etwa von `htpasswd -nBC 10 %2`)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the file must be a mapping of tls_server_config, http_server_config and basic_auth_users, not a list</source>
        <translation>die Datei muss eine Zuordnung von tls_server_config, http_server_config und basic_auth_users sein, keine Liste</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>line %1: &apos;rate_limit&apos; is not supported by NetPulse (it serves a few scrapers at once and cuts the rest); remove it</source>
        <translation>Zeile %1: &apos;rate_limit&apos; unterstützt NetPulse nicht (es bedient wenige Abfragen gleichzeitig und trennt den Rest); bitte entfernen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 is larger than 1 MiB: not a web configuration</source>
        <translation>%1 ist größer als 1 MiB: keine Web-Konfiguration</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../../app/main.cpp" line="+226"/>
        <source>Cache: %1</source>
        <translation>Cache: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+2"/>
        <location line="+235"/>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <location line="-233"/>
        <location line="+2"/>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+225"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location line="-183"/>
        <location line="+2"/>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Demo service on 127.0.0.1 (not saved): add your own endpoint in the bar above. The flapping one refuses for 12 s, then is up for 8 s.</source>
        <translation>Demo-Dienst auf 127.0.0.1 (nicht gespeichert): Fügen Sie oben Ihren eigenen Endpunkt hinzu. Der wechselhafte lehnt 12 s lang ab und ist dann 8 s erreichbar.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The demo service did not start (%1). Type a URL above to watch it.</source>
        <translation>Der Demo-Dienst ist nicht gestartet (%1). Geben Sie oben eine URL ein, um sie zu überwachen.</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+6"/>
        <source>Endpoint file</source>
        <translation>Endpunktdatei</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>%1 not applied; the endpoints read before keep running: %2</source>
        <translation>%1 nicht übernommen; die vorher gelesenen Endpunkte laufen weiter: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>watching %1</source>
        <translation>beobachte %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>nothing imported from %1 yet: it has errors; the window lists them and offers to import the valid endpoints</source>
        <translation>aus %1 noch nichts importiert: die Datei hat Fehler; das Fenster listet sie auf und bietet an, die gültigen Endpunkte zu importieren</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is already watched</source>
        <translation>%1 wird bereits überwacht</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>added %1</source>
        <translation>%1 hinzugefügt</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>only a window&apos;s request is handed over</source>
        <translation>übergeben wird nur die Anfrage eines Fensters</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>not changed in the running window (set when it starts): %1</source>
        <translation>im laufenden Fenster nicht geändert (wird beim Start festgelegt): %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>brought its window to the front</source>
        <translation>sein Fenster nach vorn geholt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Another launch handed over: %1</source>
        <translation>Ein weiterer Start hat übergeben: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the profile cannot be locked (%1): a second launch on it is not noticed</source>
        <translation>das Profil kann nicht gesperrt werden (%1): ein zweiter Start darauf wird nicht bemerkt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>later launches cannot hand over to this window (%1)</source>
        <translation>spätere Starts können nicht an dieses Fenster übergeben (%1)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vantage points</source>
        <translation>Messpunkte</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some saved settings were not usable: %1</source>
        <translation>Einige gespeicherte Einstellungen waren nicht nutzbar: %1</translation>
    </message>
</context>
</TS>
