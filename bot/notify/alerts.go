package notify

import (
	"fmt"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/store"
)

// AlertWebhookSilence is the kind of the alert raised when Meta's webhooks
// fall silent while the poller still finds comments.
const AlertWebhookSilence = "webhook_silence"

// restartHow is how the IT contact restarts Vigie, whatever the install.
const restartHow = "redémarrez Vigie (systemctl restart vigie, ou docker compose restart vigie)"

// alertView says in French what went wrong and what to do.
func alertView(n store.Notice, loc *time.Location) AlertView {
	at := n.AlertAt
	if at.IsZero() {
		at = n.At
	}
	v := AlertView{Kind: n.AlertKind, Detail: n.Detail, Code: n.AlertCode, Subcode: n.AlertSubcode, At: frenchTime(at, loc)}
	perms := "pages_show_list, pages_read_engagement, pages_read_user_content, pages_manage_engagement et pages_manage_metadata"
	switch n.AlertKind {
	case graph.AlertTokenInvalid:
		v.Title = "Le jeton de la Page Facebook est refusé par Meta"
		v.Impact = "Tant que le jeton est refusé, Vigie ne peut ni lire ni masquer les commentaires. Rien n'est perdu : les commentaires reçus attendent et seront traités dès que le jeton sera remplacé."
		v.Steps = []string{
			"Produisez un nouveau jeton de Page longue durée : Meta Business Suite > Paramètres > Utilisateurs système (jeton qui n'expire pas), ou l'Explorateur de l'API Graph sur developers.facebook.com, avec les autorisations " + perms + ".",
			"Écrivez ce jeton, seul sur une ligne, dans le fichier indiqué par graph.page_token_file dans la configuration de Vigie (ou dans la variable d'environnement VIGIE_PAGE_TOKEN).",
			"Vérifiez la configuration : vigie config check --config /etc/vigie/vigie.yaml.",
		}
		v.Restart = "Avec graph.page_token_file, aucun redémarrage n'est nécessaire : Vigie relit le fichier toutes les quelques secondes et reprend seul les masquages en attente. Avec la variable VIGIE_PAGE_TOKEN, " + restartHow + "."
	case graph.AlertPermission:
		v.Title = "Une autorisation manque à l'application Meta de Vigie"
		v.Impact = "Vigie n'a pas le droit de faire une action sur la Page (souvent : masquer un commentaire). Les commentaires concernés sont gardés et réessayés ; en attendant, ils restent visibles."
		v.Steps = []string{
			"Sur developers.facebook.com, ouvrez l'application de Vigie et accordez les autorisations " + perms + " (pages_manage_engagement sert à masquer, pages_read_user_content à lire les commentaires).",
			"Vérifiez que le compte qui a produit le jeton a bien le rôle « Modérer » (ou plus) sur la Page, dans Meta Business Suite > Paramètres > Accès à la Page.",
			"Produisez un nouveau jeton de Page avec ces autorisations et écrivez-le dans le fichier graph.page_token_file (ou la variable VIGIE_PAGE_TOKEN).",
		}
		v.Restart = "Le fichier graph.page_token_file est relu de lui-même ; avec la variable VIGIE_PAGE_TOKEN, " + restartHow + "."
	case graph.AlertPolicy:
		v.Title = "Meta bloque une action de Vigie"
		v.Impact = "Meta refuse une action sur la Page pour une raison de règlement ou de restriction du compte. Les commentaires concernés sont gardés et réessayés."
		v.Steps = []string{
			"Ouvrez Meta Business Suite > Qualité du compte et vérifiez que la Page et l'application ne font l'objet d'aucune restriction.",
			"Si l'application est en mode développement, passez-la en mode « Live » sur developers.facebook.com.",
		}
		v.Restart = "Aucun redémarrage n'est nécessaire : Vigie réessaie de lui-même."
	case graph.AlertThrottled:
		v.Title = "Meta ralentit les appels de Vigie"
		v.Impact = "L'API Graph limite le nombre d'appels ; Vigie attend le délai demandé puis reprend. Rien n'est perdu."
		v.Steps = []string{"Rien à faire si cela ne dure pas ; si l'alerte revient chaque jour, espacez le relevé (poll.schedule)."}
		v.Restart = "Aucun redémarrage n'est nécessaire."
	case AlertWebhookSilence:
		v.Title = "Les webhooks de Meta n'arrivent plus"
		v.Impact = "Vigie ne reçoit plus les commentaires en direct ; il les rattrape par son relevé périodique (poll.schedule), donc avec du retard : une menace peut rester visible plusieurs minutes de plus."
		v.Steps = []string{
			"Sur developers.facebook.com, ouvrez l'application de Vigie > Webhooks > Page : l'abonnement au champ « feed » doit être actif, l'URL de rappel doit être https://<votre domaine>/webhooks/meta et le jeton de vérification celui du fichier webhook.verify_token_file.",
			"Vérifiez depuis l'extérieur que https://<votre domaine>/healthz répond (pare-feu, certificat TLS, proxy inverse).",
			"Vérifiez que la Page est abonnée à l'application (Explorateur de l'API Graph : GET /<id de la Page>/subscribed_apps) et que l'application est en mode « Live ».",
		}
		v.Restart = "Aucun redémarrage de Vigie n'est nécessaire : l'alerte se referme d'elle-même au premier webhook reçu."
	default:
		v.Title = fmt.Sprintf("Vigie signale un problème (%s)", n.AlertKind)
		v.Impact = "Un problème demande l'intervention d'un administrateur."
		v.Steps = []string{"Consultez les journaux de Vigie (journalctl -u vigie, ou docker compose logs vigie)."}
		v.Restart = ""
	}
	return v
}

// alertTitle is the subject line of an alert.
func alertSubject(v AlertView) string { return "Vigie – action requise : " + lowerFirst(v.Title) }

// referentAlertView tells a commune's référent, in French and without
// technical steps, that its own accounts stopped working: what it means
// for the Page, what the IT contact does, and what the référent may be
// asked to do.
func referentAlertView(n store.Notice, accounts []string, it string, loc *time.Location) AlertView {
	at := n.AlertAt
	if at.IsZero() {
		at = n.At
	}
	v := AlertView{Kind: n.AlertKind, At: frenchTime(at, loc), Accounts: accounts}
	who := "Le service informatique"
	if it != "" {
		who += " (" + it + ")"
	}
	watch := "En attendant, surveillez vous-même les commentaires de vos publications : une menace ou une injure peut rester visible. Les commentaires reçus sont gardés et seront traités dès que l'accès sera rétabli."
	switch n.AlertKind {
	case graph.AlertTokenInvalid:
		v.Title = "Vigie ne peut plus modérer votre compte"
		v.Impact = "Meta refuse l'accès de Vigie à votre compte (jeton expiré ou révoqué) : Vigie ne peut plus ni lire ni masquer ses commentaires."
		v.Steps = []string{
			who + " a été prévenu et doit produire un nouvel accès.",
			"Si c'est vous qui gérez la Page dans Meta Business Suite, il peut vous demander de vous reconnecter ou de confirmer l'accès de l'application Vigie : un changement de mot de passe ou le retrait d'un rôle sur la Page suffit à révoquer l'accès.",
			watch,
		}
	case graph.AlertPermission:
		v.Title = "Vigie n'a plus le droit de modérer votre compte"
		v.Impact = "Meta refuse une action de Vigie sur votre compte (une autorisation manque, souvent celle de masquer) : les commentaires concernés restent visibles."
		v.Steps = []string{
			who + " a été prévenu et doit rétablir l'autorisation.",
			"Si c'est vous qui gérez la Page, il peut vous demander de confirmer le rôle « Modérer » (ou plus) de la personne qui a relié Vigie, dans Meta Business Suite > Paramètres > Accès à la Page.",
			watch,
		}
	default:
		v.Title = "Meta bloque Vigie sur votre compte"
		v.Impact = "Meta refuse une action de Vigie sur votre compte (restriction du compte ou de l'application) : les commentaires concernés restent visibles."
		v.Steps = []string{
			who + " a été prévenu.",
			"Ouvrez Meta Business Suite > Qualité du compte : une restriction de la Page y est indiquée.",
			watch,
		}
	}
	return v
}
