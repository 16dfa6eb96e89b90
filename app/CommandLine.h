#pragma once

#include <QStringList>

#include "headless/HeadlessRunner.h"

namespace NetPulse {

// What `netpulse` was asked to do. Parsing never prints; main() decides where words go.
struct CommandLine
{
    enum class Action
    {
        RunGui,
        RunHeadless,
        ShowHelp,
        ShowVersion,
        Error
    };
    Action action = Action::RunGui;
    HeadlessConfig headless;
    QString urlText;                          // as typed; empty in GUI mode means "start the demo service"
    QString importFile;                       // --import: endpoints to add to the window's own list
    QString theme = QStringLiteral("system"); // --theme: system, light, dark, high-contrast
    bool verbose = false;
    QString error; // one line, names the problem
    QString helpText;

    static CommandLine parse(const QStringList &arguments);
};

} // namespace NetPulse
