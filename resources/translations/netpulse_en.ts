<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>NetPulse::DashboardView</name>
    <message numerus="yes">
        <location filename="../../ui/DashboardView.cpp" line="+482"/>
        <source>%1 of %n check(s) up, this session (no history is kept)</source>
        <translation>
            <numerusform>%1 of %n check up, this session (no history is kept)</numerusform>
            <numerusform>%1 of %n checks up, this session (no history is kept)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%1 of %n check(s) up</source>
        <translation>
            <numerusform>%1 of %n check up</numerusform>
            <numerusform>%1 of %n checks up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+61"/>
        <source>and %n earlier one(s)</source>
        <translation>
            <numerusform>and %n earlier one</numerusform>
            <numerusform>and %n earlier ones</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointListModel</name>
    <message numerus="yes">
        <location filename="../../ui/EndpointListModel.cpp" line="+201"/>
        <source>%n down</source>
        <translation>
            <numerusform>%n down</numerusform>
            <numerusform>%n down</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n retrying</source>
        <translation>
            <numerusform>%n retrying</numerusform>
            <numerusform>%n retrying</numerusform>
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
            <numerusform>%n up</numerusform>
            <numerusform>%n up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n not checked</source>
        <translation>
            <numerusform>%n not checked</numerusform>
            <numerusform>%n not checked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::EndpointMerge</name>
    <message numerus="yes">
        <location filename="../../core/endpoints/EndpointMerge.cpp" line="+25"/>
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%n added (%1)</source>
        <translation>
            <numerusform>%n added (%1)</numerusform>
            <numerusform>%n added (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n changed (%1)</source>
        <translation>
            <numerusform>%n changed (%1)</numerusform>
            <numerusform>%n changed (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n removed (%1)</source>
        <translation>
            <numerusform>%n removed (%1)</numerusform>
            <numerusform>%n removed (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unchanged</numerusform>
            <numerusform>%n unchanged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n skipped, kept by the followed file (%1)</source>
        <translation>
            <numerusform>%n skipped, kept by the followed file (%1)</numerusform>
            <numerusform>%n skipped, kept by the followed file (%1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::EventLogPage</name>
    <message numerus="yes">
        <location filename="../../ui/EventLogPage.cpp" line="+197"/>
        <source>Exported %n event(s) to %1</source>
        <translation>
            <numerusform>Exported %n event to %1</numerusform>
            <numerusform>Exported %n events to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::HistoryStore</name>
    <message numerus="yes">
        <location filename="../../core/history/HistoryStore.cpp" line="+483"/>
        <source>History is written again: the %n attempt(s) kept meanwhile are in %1</source>
        <translation>
            <numerusform>History is written again: the %n attempt kept meanwhile is in %1</numerusform>
            <numerusform>History is written again: the %n attempts kept meanwhile are in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>; %n older row(s) could not be kept</source>
        <translation>
            <numerusform>; %n older row could not be kept</numerusform>
            <numerusform>; %n older rows could not be kept</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::MainWindow</name>
    <message numerus="yes">
        <location filename="../../ui/MainWindow.cpp" line="+370"/>
        <source>
…and %n more</source>
        <translation>
            <numerusform>
…and %n more</numerusform>
            <numerusform>
…and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Import the %n valid endpoint(s)</source>
        <translation>
            <numerusform>Import the %n valid endpoint</numerusform>
            <numerusform>Import the %n valid endpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+67"/>
        <source>Exported %n endpoint(s) to %1 (secrets left out, as ***)</source>
        <translation>
            <numerusform>Exported %n endpoint to %1 (secrets left out, as ***)</numerusform>
            <numerusform>Exported %n endpoints to %1 (secrets left out, as ***)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Exported %n endpoint(s) to %1</source>
        <translation>
            <numerusform>Exported %n endpoint to %1</numerusform>
            <numerusform>Exported %n endpoints to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+53"/>
        <source>This machine is the vantage point &quot;%1&quot; (--vantage, or the host name). The others are read from %2 every %n s.</source>
        <translation>
            <numerusform>This machine is the vantage point &quot;%1&quot; (--vantage, or the host name). The others are read from %2 every second.</numerusform>
            <numerusform>This machine is the vantage point &quot;%1&quot; (--vantage, or the host name). The others are read from %2 every %n s.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::ReportSettingsDialog</name>
    <message numerus="yes">
        <location filename="../../ui/ReportSettingsDialog.cpp" line="+65"/>
        <source>%n report(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n report waiting to be sent.</numerusform>
            <numerusform>%n reports waiting to be sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n report(s) from earlier wait for a report URL.</source>
        <translation>
            <numerusform>%n report from earlier waits for a report URL.</numerusform>
            <numerusform>%n reports from earlier wait for a report URL.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::StatusBanner</name>
    <message numerus="yes">
        <location filename="../../ui/StatusBanner.cpp" line="+257"/>
        <source>Qt re-sent the request %n time(s)</source>
        <translation>
            <numerusform>Qt re-sent the request %n time</numerusform>
            <numerusform>Qt re-sent the request %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Certificate issued by %1 expired on %2, %n day(s) ago.</source>
        <translation>
            <numerusform>Certificate issued by %1 expired on %2, %n day ago.</numerusform>
            <numerusform>Certificate issued by %1 expired on %2, %n days ago.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Certificate issued by %1 expires on %2: only %n day(s) left.</source>
        <translation>
            <numerusform>Certificate issued by %1 expires on %2: only %n day left.</numerusform>
            <numerusform>Certificate issued by %1 expires on %2: only %n days left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::TrayNotifier</name>
    <message numerus="yes">
        <location filename="../../ui/TrayNotifier.cpp" line="+56"/>
        <source>For &amp;%n hour(s)</source>
        <translation>
            <numerusform>For &amp;%n hour</numerusform>
            <numerusform>For &amp;%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+178"/>
        <source>and %n more not up</source>
        <translation>
            <numerusform>and %n more not up</numerusform>
            <numerusform>and %n more not up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+89"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n endpoint(s) are down</source>
        <translation>
            <numerusform>%n endpoint is down</numerusform>
            <numerusform>%n endpoints are down</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>The certificate of %1 expires in %n day(s).</source>
        <translation>
            <numerusform>The certificate of %1 expires in %n day.</numerusform>
            <numerusform>The certificate of %1 expires in %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::VantageSettingsDialog</name>
    <message numerus="yes">
        <location filename="../../ui/VantageSettingsDialog.cpp" line="+202"/>
        <source>%n other vantage point(s)</source>
        <translation>
            <numerusform>%n other vantage point</numerusform>
            <numerusform>%n other vantage points</numerusform>
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
</TS>
