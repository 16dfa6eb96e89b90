#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace NetPulse {

QStringList Theme::names()
{
    return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark"), QStringLiteral("high-contrast")};
}

QPalette Theme::palette(const QString &name)
{
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QPalette p = fusion->standardPalette();
    delete fusion;
    auto set = [&p](QPalette::ColorRole role, const QColor &colour, const QColor &disabled) {
        p.setColor(QPalette::All, role, colour);
        p.setColor(QPalette::Disabled, role, disabled);
    };
    if (name == QLatin1String("dark")) {
        const QColor text(0xe6, 0xe6, 0xe6);
        const QColor off(0x8a, 0x8a, 0x8a);
        set(QPalette::Window, QColor(0x2d, 0x2d, 0x30), QColor(0x2d, 0x2d, 0x30));
        set(QPalette::WindowText, text, off);
        set(QPalette::Base, QColor(0x1e, 0x1e, 0x1e), QColor(0x2d, 0x2d, 0x30));
        set(QPalette::AlternateBase, QColor(0x26, 0x26, 0x28), QColor(0x2d, 0x2d, 0x30));
        set(QPalette::Text, text, off);
        set(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0), off);
        set(QPalette::Button, QColor(0x3a, 0x3a, 0x3d), QColor(0x30, 0x30, 0x33));
        set(QPalette::ButtonText, text, off);
        set(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3d), QColor(0x3a, 0x3a, 0x3d));
        set(QPalette::ToolTipText, text, off);
        set(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6), QColor(0x50, 0x50, 0x50));
        set(QPalette::HighlightedText, Qt::white, off);
        set(QPalette::Link, QColor(0x7c, 0xb7, 0xff), off);
        set(QPalette::BrightText, Qt::white, off);
        set(QPalette::Light, QColor(0x4a, 0x4a, 0x4e), QColor(0x4a, 0x4a, 0x4e));
        set(QPalette::Midlight, QColor(0x40, 0x40, 0x44), QColor(0x40, 0x40, 0x44));
        set(QPalette::Mid, QColor(0x30, 0x30, 0x33), QColor(0x30, 0x30, 0x33));
        set(QPalette::Dark, QColor(0x1a, 0x1a, 0x1c), QColor(0x1a, 0x1a, 0x1c));
        set(QPalette::Shadow, Qt::black, Qt::black);
    } else if (name == QLatin1String("high-contrast")) {
        // White on black, yellow selection: the usual high-contrast scheme.
        const QColor off(0xc0, 0xc0, 0xc0);
        for (QPalette::ColorRole role : {QPalette::Window, QPalette::Base, QPalette::AlternateBase, QPalette::Button,
                                         QPalette::ToolTipBase, QPalette::Mid, QPalette::Dark, QPalette::Shadow})
            set(role, Qt::black, Qt::black);
        for (QPalette::ColorRole role :
             {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::ToolTipText, QPalette::BrightText,
              QPalette::Light, QPalette::Midlight})
            set(role, Qt::white, off);
        set(QPalette::PlaceholderText, off, off); // a hint, not text typed: 12:1 on black, and still apart
        set(QPalette::Highlight, QColor(0xff, 0xff, 0x00), off);
        set(QPalette::HighlightedText, Qt::black, Qt::black);
        set(QPalette::Link, QColor(0x00, 0xff, 0xff), off);
    }
    return p;
}

bool Theme::apply(const QString &name)
{
    if (!names().contains(name))
        return false;
    if (name == QLatin1String("system"))
        return true;
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(palette(name));
    return true;
}

} // namespace NetPulse
