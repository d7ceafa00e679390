import { useTranslation } from 'react-i18next'

export function emotionLevel(value: number) {
  return value >= 85 ? 'furious' : value >= 60 ? 'angry' : value >= 35 ? 'uneasy' : 'calm'
}

/** The customer's emotion, 0 calm – 100 furious, as a labelled meter. */
export function EmotionMeter({ value }: { value: number }) {
  const { t } = useTranslation()
  const level = emotionLevel(value)
  return (
    <div>
      <div className="row spread" style={{ marginBottom: '0.35rem' }}>
        <span id="emotion-label">{t('practice.emotion')}</span>
        <strong>
          {t(`practice.emotionLevel.${level}`)} · {value}
        </strong>
      </div>
      <div
        className={`meter ${level}`}
        role="meter"
        aria-labelledby="emotion-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={t(`practice.emotionLevel.${level}`)}
      >
        <span style={{ width: `${value}%` }} />
      </div>
    </div>
  )
}
