#pragma once

#include <QFrame>
#include <QPointer>
#include <QTimer>
#include <QVariantAnimation>

#include "Presentation.h"

class QLabel;
class QPushButton;
class QScrollArea;
class QToolButton;

namespace NetPulse {

class WatchedEndpoint;

// The selected endpoint's state in plain words: what happened (title, explanation, suggested
// action, expandable technical detail), where the retry schedule stands ("retry 2 of 3"), a
// countdown to the next check that ticks every second, and Retry now.
class StatusBanner : public QFrame
{
    Q_OBJECT
public:
    explicit StatusBanner(QWidget *parent = nullptr);

    void setEndpoint(WatchedEndpoint *endpoint);
    WatchedEndpoint *endpoint() const;

public slots:
    void refresh();
    void retryNow();

private:
    void refreshCountdown();
    void setTone(Presentation::Tone tone, bool emphasised);

    QPointer<WatchedEndpoint> m_endpoint;
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_explanation;
    QLabel *m_action;
    QLabel *m_schedule;
    QLabel *m_certificate;
    QToolButton *m_detailToggle;
    QLabel *m_detail;
    QPushButton *m_retry;
    QScrollArea *m_scroll = nullptr;
    QVariantAnimation m_fade;
    Presentation::Tone m_tone = Presentation::Tone::Neutral;
    bool m_emphasised = false;
};

} // namespace NetPulse
