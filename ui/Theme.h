#pragma once

#include <QString>

class QPalette;

namespace NetPulse {

// `--theme`: the window's colours. "system" (the default) leaves the style and palette to the
// desktop, which is how a system's dark or high-contrast theme reaches NetPulse; the others draw
// with Qt's Fusion style and a palette of their own, for a desktop that has no theme Qt reads
// (KeePassXC offers the same choice). Every text colour NetPulse adds derives from the palette
// (Presentation), so each theme keeps its text at 4.5:1 or more.
class Theme
{
public:
    // "system", "light", "dark", "high-contrast"; false (nothing changed) for another name.
    static bool apply(const QString &name);
    static QStringList names();
    static QPalette palette(const QString &name); // the palette a non-system theme sets
};

} // namespace NetPulse
