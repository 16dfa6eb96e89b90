#pragma once

#include <QFrame>
#include <QPointer>
#include <QTimer>
#include <QVariantAnimation>

#include "Presentation.h"

#include "vantage/ElsewhereReading.h"

class QLabel;
class QPushButton;
class QScrollArea;
class QToolButton;

namespace NetPulse {

class VantageReader;
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
    // Where the other vantage points read from Prometheus stand: a line under the explanation
    // ("… from here, but answering from eu-1 (4 s ago) …"); none without a reader.
    void setVantageReader(const VantageReader *reader);

public slots:
    void refresh();
    void retryNow();

signals:
    // A new verdict was told to assistive technology (an Alert event): once per change, never per
    // countdown tick.
    void verdictAnnounced(const QString &verdict);

private:
    void refreshCountdown();
    void refreshVantages(bool onlyIfChanged);
    void announce();
    void setTone(Presentation::Tone tone, bool emphasised);

    QPointer<WatchedEndpoint> m_endpoint;
    QPointer<const VantageReader> m_vantageReader;
    VantageVerdict m_vantageVerdict = VantageVerdict::None; // the one the line says
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_explanation;
    QLabel *m_vantages;
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
    QString m_announced;      // the verdict last told to assistive technology
    bool m_selecting = false; // the next verdict is the one shown on choosing the endpoint
};

} // namespace NetPulse
