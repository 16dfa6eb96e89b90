<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>NetPulse::DashboardView</name>
    <message numerus="yes">
        <source>%1 of %n check(s) up</source>
        <translation>
            <numerusform>%1 of %n check up</numerusform>
            <numerusform>%1 of %n checks up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n earlier one(s)</source>
        <translation>
            <numerusform>and %n earlier one</numerusform>
            <numerusform>and %n earlier ones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
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
        <source>and %n more problem(s)</source>
        <translation>
            <numerusform>and %n more problem</numerusform>
            <numerusform>and %n more problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n endpoint(s) from %1</source>
        <translation>
            <numerusform>Imported %n endpoint from %1</numerusform>
            <numerusform>Imported %n endpoints from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n endpoint(s) to %1 (secrets left out, as ***)</source>
        <translation>
            <numerusform>Exported %n endpoint to %1 (secrets left out, as ***)</numerusform>
            <numerusform>Exported %n endpoints to %1 (secrets left out, as ***)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n endpoint(s) to %1</source>
        <translation>
            <numerusform>Exported %n endpoint to %1</numerusform>
            <numerusform>Exported %n endpoints to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already watched</source>
        <translation>
            <numerusform>%n already watched</numerusform>
            <numerusform>%n already watched</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetPulse::ReportSettingsDialog</name>
    <message numerus="yes">
        <source>%n report(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n report waiting to be sent.</numerusform>
            <numerusform>%n reports waiting to be sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
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
        <source>Qt re-sent the request %n time(s)</source>
        <translation>
            <numerusform>Qt re-sent the request %n time</numerusform>
            <numerusform>Qt re-sent the request %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Certificate issued by %1 expired on %2, %n day(s) ago.</source>
        <translation>
            <numerusform>Certificate issued by %1 expired on %2, %n day ago.</numerusform>
            <numerusform>Certificate issued by %1 expired on %2, %n days ago.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
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
        <source>For %n hour(s)</source>
        <translation>
            <numerusform>For %n hour</numerusform>
            <numerusform>For %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The certificate of %1 expires in %n day(s).</source>
        <translation>
            <numerusform>The certificate of %1 expires in %n day.</numerusform>
            <numerusform>The certificate of %1 expires in %n days.</numerusform>
        </translation>
    </message>
</context>
</TS>
