#pragma once

#include <optional>

#include <QWidget>

namespace NetPulse {

struct ProbeResult;

// The last request as a small waterfall: setup, connect, TLS, time to first byte and transfer,
// each a bar starting where the previous phase ended, labelled with its duration; a phase without
// one says why (not used, part of TLS, not reached), never just nothing.
class PhaseWaterfall : public QWidget
{
    Q_OBJECT
public:
    struct Phase
    {
        QString name;
        std::optional<double> ms;
        QString withoutTime; // shown when there is no duration
    };

    explicit PhaseWaterfall(QWidget *parent = nullptr);
    void setResult(const ProbeResult *result);
    const QList<Phase> &phases() const { return m_phases; }
    // The time the bars' full width stands for: the phases' total, never less than a millisecond,
    // so a refused check's 0.005 ms of setup is a sliver, not a full-width bar.
    double scaleMs() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void describe(); // the phases in words, for assistive technology
    int labelWidth() const;
    int valueWidth() const;

    QList<Phase> m_phases;
};

} // namespace NetPulse
