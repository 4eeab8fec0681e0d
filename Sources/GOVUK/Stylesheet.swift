/// The stylesheet, written for the GOV.UK Design System's class names (govuk-frontend is not
/// available offline). Colours meet WCAG 2.2 AA contrast; focus uses the GOV.UK yellow with a
/// black underline. The authority's header colour is served separately (`brandStylesheet`).
public enum Stylesheet {
    public static func brand(headerColour: String) -> String {
        // Only a #rrggbb value reaches CSS; anything else falls back, so configuration can't inject rules.
        let valid = headerColour.count == 7 && headerColour.first == "#" && headerColour.dropFirst().allSatisfy(\.isHexDigit)
        let colour = valid ? headerColour : "#0b3b60"
        return ".app-header{background:\(colour)}.app-navigation{border-bottom-color:\(colour)}\n"
    }

    public static let print = """
    .app-header,.app-navigation,.govuk-footer,.govuk-skip-link,.govuk-back-link,.app-no-print,.govuk-button{display:none!important}
    body{font-size:12pt;color:#000;background:#fff}
    .govuk-width-container{max-width:none;margin:0}
    a{color:#000;text-decoration:none}
    """

    public static let app = """
    *,*::before,*::after{box-sizing:border-box}
    html{background:#f3f2f1;-webkit-text-size-adjust:100%}
    body{margin:0;background:#fff;color:#0b0c0c;font-family:Arial,"Helvetica Neue",Helvetica,sans-serif;font-size:1.1875rem;line-height:1.32}
    .govuk-width-container{max-width:1020px;margin:0 15px}
    @media (min-width:40.0625em){.govuk-width-container{margin:0 30px}}
    @media (min-width:1080px){.govuk-width-container{margin:0 auto}}
    .govuk-main-wrapper{display:block;padding:20px 0 40px}
    .govuk-skip-link{position:absolute;left:-9999px;padding:10px 15px;background:#fd0;color:#0b0c0c}
    .govuk-skip-link:focus{position:static;display:block;outline:3px solid #fd0;text-decoration:underline}
    a{color:#1d70b8}
    a:visited{color:#4c2c92}
    a:hover{color:#003078}
    a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #fd0;outline-offset:0;background-color:#fd0;color:#0b0c0c;box-shadow:0 4px #0b0c0c;text-decoration:none}
    input:focus,select:focus,textarea:focus{background-color:#fff;box-shadow:inset 0 0 0 2px #0b0c0c}
    .govuk-link{text-decoration:underline;text-underline-offset:.1em}
    .app-header{color:#fff;padding:10px 0}
    .app-header__container{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:10px}
    .app-header__link,.app-header__link:visited{color:#fff;text-decoration:none;display:inline-block}
    .app-header__link:hover{color:#fff;text-decoration:underline}
    .app-header__link:focus{color:#0b0c0c}
    .app-header__authority{display:block;font-size:1rem}
    .app-header__service{display:block;font-size:1.5rem;font-weight:700}
    .app-header__account{display:flex;align-items:center;gap:15px;flex-wrap:wrap}
    .app-header__user{font-size:1rem}
    .app-header__sign-out{margin:0}
    .app-header__button{font:inherit;font-size:1rem;color:#fff;background:transparent;border:2px solid #fff;padding:4px 10px;cursor:pointer}
    .app-header__button:hover{background:#fff;color:#0b0c0c}
    .app-navigation{background:#f3f2f1;border-bottom:4px solid #0b3b60}
    .app-navigation__list{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:0 25px}
    .app-navigation__item{padding:12px 0 8px}
    .app-navigation__item--active{border-bottom:4px solid #1d70b8;margin-bottom:-4px}
    .app-navigation__link{font-weight:700;color:#1d70b8}
    .app-navigation__link:visited{color:#1d70b8}
    .app-navigation__item--active .app-navigation__link{color:#0b0c0c}
    .govuk-footer{border-top:1px solid #b1b4b6;background:#f3f2f1;padding:25px 0;color:#0b0c0c}
    .govuk-heading-xl{font-size:3rem;font-weight:700;margin:0 0 30px}
    .govuk-heading-l,.govuk-label--l{font-size:2.25rem;font-weight:700;margin:0 0 20px;line-height:1.11}
    .govuk-heading-m{font-size:1.5rem;font-weight:700;margin:0 0 20px}
    .govuk-heading-s{font-size:1.1875rem;font-weight:700;margin:0 0 15px}
    .govuk-caption-l{display:block;color:#505a5f;font-size:1.5rem;margin-bottom:5px}
    .govuk-caption-m{display:block;color:#505a5f;font-size:1.1875rem;margin-bottom:5px}
    .govuk-label-wrapper{margin:0}
    .govuk-body,.govuk-list{margin:0 0 20px}
    .govuk-body-l{font-size:1.5rem;margin:0 0 30px}
    .govuk-body-s{font-size:1rem;margin:0 0 15px}
    .govuk-list{padding:0;list-style:none}
    .govuk-list--bullet{padding-left:20px;list-style:disc}
    .govuk-list>li{margin-bottom:5px}
    .govuk-visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
    .govuk-back-link{display:inline-block;margin-top:15px;font-size:1rem;color:#0b0c0c}
    .govuk-back-link::before{content:"‹ "}
    .govuk-form-group{margin-bottom:30px}
    .govuk-form-group--error{padding-left:15px;border-left:5px solid #d4351c}
    .govuk-form-group .govuk-form-group:last-of-type{margin-bottom:0}
    .govuk-label{display:block;margin-bottom:5px;font-weight:400}
    .govuk-fieldset{margin:0;padding:0;border:0}
    .govuk-fieldset__legend{margin-bottom:10px;font-weight:700;padding:0}
    .govuk-hint{color:#505a5f;margin-bottom:15px}
    .govuk-error-message{color:#d4351c;font-weight:700;margin:0 0 15px}
    .govuk-input,.govuk-select,.govuk-textarea{font:inherit;width:100%;height:2.5rem;padding:5px;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c}
    .govuk-select{width:auto;min-width:11em}
    .govuk-textarea{height:auto;min-height:6rem}
    .govuk-input--error,.govuk-select--error,.govuk-textarea--error{border-color:#d4351c}
    .govuk-input--width-20{max-width:41ex}.govuk-input--width-10{max-width:23ex}.govuk-input--width-5{max-width:10.8ex}.govuk-input--width-4{max-width:9ex}.govuk-input--width-2{max-width:5.4ex}
    .govuk-date-input{display:flex;gap:20px}
    .govuk-date-input__item{margin:0}
    .govuk-radios__item,.govuk-checkboxes__item{display:flex;flex-wrap:wrap;align-items:center;margin-bottom:10px;gap:0 10px}
    .govuk-radios__input,.govuk-checkboxes__input{width:28px;height:28px;margin:0;accent-color:#0b0c0c}
    .govuk-radios__label,.govuk-checkboxes__label{margin:0;padding:5px 0}
    .govuk-radios__hint,.govuk-checkboxes__hint{flex-basis:100%;padding-left:38px;margin-bottom:0}
    .govuk-radios--inline{display:flex;flex-wrap:wrap;gap:0 20px}
    .govuk-button{font:inherit;font-weight:400;display:inline-block;margin:0 10px 30px 0;padding:8px 10px 7px;border:2px solid transparent;border-radius:0;color:#fff;background:#00703c;box-shadow:0 2px 0 #002d18;cursor:pointer;text-decoration:none}
    .govuk-button:hover{background:#005a30}
    .govuk-button:focus{background:#fd0;color:#0b0c0c;box-shadow:0 2px 0 #0b0c0c;outline:3px solid transparent}
    .govuk-button--secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
    .govuk-button--secondary:hover{background:#dbdad9}
    .govuk-button--warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
    .govuk-button--warning:hover{background:#aa2a16}
    .govuk-button-group{display:flex;flex-wrap:wrap;align-items:center;gap:0 15px}
    .govuk-error-summary{padding:15px;margin-bottom:30px;border:5px solid #d4351c}
    .govuk-error-summary:focus{outline:3px solid #fd0}
    .govuk-error-summary__title{font-size:1.5rem;margin:0 0 15px}
    .govuk-error-summary__list{margin:0}
    .govuk-error-summary__list a{color:#d4351c;font-weight:700}
    .govuk-error-summary__list a:focus{color:#0b0c0c}
    .govuk-table{width:100%;border-collapse:collapse;margin-bottom:40px;border-spacing:0}
    .govuk-table__caption{text-align:left;font-weight:700;margin-bottom:10px}
    .govuk-table__caption--m{font-size:1.5rem}
    .govuk-table__caption--s{font-size:1.1875rem}
    .govuk-table__header,.govuk-table__cell{padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top}
    .govuk-table__header{font-weight:700}
    .govuk-table__header--numeric,.govuk-table__cell--numeric{text-align:right}
    .govuk-summary-list{margin:0 0 30px;display:table;width:100%;table-layout:fixed;border-collapse:collapse}
    .govuk-summary-list__row{display:table-row;border-bottom:1px solid #b1b4b6}
    .govuk-summary-list__key,.govuk-summary-list__value,.govuk-summary-list__actions{display:table-cell;padding:10px 20px 10px 0;margin:0;vertical-align:top}
    .govuk-summary-list__key{font-weight:700;width:30%}
    .govuk-summary-list__actions{width:20%;text-align:right}
    .govuk-tag{display:inline-block;padding:2px 8px;font-weight:400;font-size:1rem;max-width:100%;color:#0c2d4a;background:#bbd4ea}
    .govuk-tag--grey{color:#282d30;background:#e5e6e7}.govuk-tag--green{color:#005a30;background:#cce2d8}
    .govuk-tag--turquoise{color:#10403c;background:#d4ecea}.govuk-tag--blue{color:#0c2d4a;background:#bbd4ea}
    .govuk-tag--purple{color:#491644;background:#efdfed}.govuk-tag--pink{color:#6b1c40;background:#f9e1ec}
    .govuk-tag--red{color:#2a0b06;background:#f4cdc6}.govuk-tag--orange{color:#6e3619;background:#fcd6c3}
    .govuk-tag--yellow{color:#594d00;background:#fff7bf}
    .govuk-phase-banner{padding:10px 0;border-bottom:1px solid #b1b4b6}.govuk-phase-banner__content{margin:0;display:table}
    .govuk-phase-banner__content__tag{margin-right:10px;color:#6e3619;background:#fcd6c3;font-weight:700}
    .govuk-phase-banner__text{display:table-cell;vertical-align:middle;font-size:1rem;color:#0b0c0c}
    .govuk-inset-text{padding:15px;margin:20px 0;border-left:10px solid #b1b4b6}
    .govuk-warning-text{position:relative;padding:10px 0 10px 50px;margin-bottom:20px}
    .govuk-warning-text__icon{position:absolute;left:0;top:5px;width:35px;height:35px;border-radius:50%;background:#0b0c0c;color:#fff;font-weight:700;font-size:1.5rem;text-align:center;line-height:35px}
    .govuk-warning-text__text{font-weight:700}
    .govuk-notification-banner{border:5px solid #1d70b8;background:#1d70b8;margin-bottom:30px}
    .govuk-notification-banner--success{border-color:#00703c;background:#00703c}
    .govuk-notification-banner__header{padding:2px 15px 5px}
    .govuk-notification-banner__title{margin:0;color:#fff;font-size:1rem;font-weight:700}
    .govuk-notification-banner__content{padding:15px;background:#fff}
    .govuk-notification-banner__heading{font-weight:700;margin:0}
    .govuk-panel{padding:25px;margin-bottom:15px;text-align:center;color:#fff;background:#00703c}
    .govuk-panel__title{font-size:2.25rem;margin:0 0 15px}
    .govuk-details{margin-bottom:20px}
    .govuk-details__summary{color:#1d70b8;cursor:pointer;text-decoration:underline}
    .govuk-details__text{padding:15px;border-left:5px solid #b1b4b6}
    .govuk-pagination{display:flex;flex-wrap:wrap;gap:20px;align-items:baseline;margin-bottom:30px}
    .govuk-pagination__link{font-weight:700}
    .govuk-grid-row{display:flex;flex-wrap:wrap;margin:0 -15px}
    .govuk-grid-column-two-thirds{width:100%;padding:0 15px}
    .govuk-grid-column-one-third{width:100%;padding:0 15px}
    .govuk-grid-column-one-half{width:100%;padding:0 15px}
    .govuk-grid-column-full{width:100%;padding:0 15px}
    @media (min-width:40.0625em){.govuk-grid-column-two-thirds{width:66.66%}.govuk-grid-column-one-third{width:33.33%}.govuk-grid-column-one-half{width:50%}}
    .app-swatch{display:inline-block;width:14px;height:14px;border:1px solid #0b0c0c;vertical-align:middle}
    .app-swatch--present{background:#00703c}.app-swatch--approved{background:#1d70b8}.app-swatch--illness{background:#d4351c}
    .app-swatch--authorised{background:#f47738}.app-swatch--unauthorised{background:#4c2c92}.app-swatch--not_possible{background:#b1b4b6}.app-swatch--none{background:#fff}
    .app-line{display:block}
    .app-card-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:20px;margin-bottom:30px;list-style:none;padding:0}
    .app-card{border:1px solid #b1b4b6;border-top:5px solid #1d70b8;padding:15px}
    .app-card__value{display:block;font-size:2.25rem;font-weight:700}
    .app-card__label{display:block}
    .app-search{display:flex;flex-wrap:wrap;gap:0 15px;align-items:flex-end}
    .app-search .govuk-form-group{margin-bottom:20px;flex:1 1 18em}
    .app-search .govuk-button{margin-bottom:20px}
    .app-code{font-family:monospace;font-size:1rem;background:#f3f2f1;padding:2px 4px;word-break:break-all}
    """
}
