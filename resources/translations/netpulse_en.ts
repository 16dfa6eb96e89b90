<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>NetPulse::DashboardView</name>
    <message numerus="yes">
        <location filename="../../ui/DashboardView.cpp" line="+292"/>
        <source>%1 of %n check(s) up</source>
        <translation>
            <numerusform>%1 of %n check up</numerusform>
            <numerusform>%1 of %n checks up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>and %n earlier one(s)</source>
        <translation>
            <numerusform>and %n earlier one</numerusform>
            <numerusform>and %n earlier ones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-67"/>
        <source>%1 of %n check(s)</source>
        <translation>
            <numerusform>%1 of %n check</numerusform>
            <numerusform>%1 of %n checks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::EventLogPage</name>
    <message numerus="yes">
        <location filename="../../ui/EventLogPage.cpp" line="+146"/>
        <source>Exported %n event(s) to %1</source>
        <translation>
            <numerusform>Exported %n event to %1</numerusform>
            <numerusform>Exported %n events to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::MainWindow</name>
    <message numerus="yes">
        <location filename="../../ui/MainWindow.cpp" line="+267"/>
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
        <location line="+6"/>
        <source>Import the %n valid endpoint(s)</source>
        <translation>
            <numerusform>Import the %n valid endpoint</numerusform>
            <numerusform>Import the %n valid endpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+65"/>
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
        <location filename="../../ui/StatusBanner.cpp" line="+235"/>
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
        <location filename="../../ui/TrayNotifier.cpp" line="+50"/>
        <source>For %n hour(s)</source>
        <translation>
            <numerusform>For %n hour</numerusform>
            <numerusform>For %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+193"/>
        <source>The certificate of %1 expires in %n day(s).</source>
        <translation>
            <numerusform>The certificate of %1 expires in %n day.</numerusform>
            <numerusform>The certificate of %1 expires in %n days.</numerusform>
        </translation>
    </message>
</context>
</TS>
